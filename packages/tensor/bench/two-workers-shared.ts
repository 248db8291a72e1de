// What bench/two-workers.ts and its worker share: the control block layout and the WebAssembly API.

/** Control block (Int32Array over a SharedArrayBuffer): a sequence number each way, then the job. */
export const control = {
  seq: 0, // bumped by the main thread to post a job
  done: 1, // set to seq by the worker when its half is written
  args: 2, // gemm's arguments for the worker's half
} as const;

/** How many arguments gemm takes (see scripts/build-wasm-gemm.ts). */
export const gemmArgCount = 15;

/** The WebAssembly API we use here (tsconfig has no DOM types, and Node's typings stop short of it). */
export interface SharedWasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ exports: Record<string, unknown> }>;
  Memory: new (descriptor: {
    initial: number;
    maximum: number;
    shared: boolean;
  }) => {
    readonly buffer: SharedArrayBuffer;
    grow(pages: number): number;
  };
}

export const wasmApi = (globalThis as unknown as { WebAssembly: SharedWasmApi }).WebAssembly;

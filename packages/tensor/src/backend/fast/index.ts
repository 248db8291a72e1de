// The fast backend: WebAssembly SIMD kernels where they pay, a pure TypeScript path where
// WebAssembly is missing (same results within float tolerance), and the reference backend's
// kernels for every op that is not worth a kernel of its own.
import type { Backend } from "../backend.ts";
import { referenceBackend } from "../reference/index.ts";
import { matmulFast } from "./matmul.ts";

export const fastBackend: Backend = {
  ...referenceBackend,
  name: "fast",
  matmul: matmulFast,
};

// The fast backend: WebAssembly SIMD kernels where they pay (matmul, transcendental functions),
// tighter TypeScript loops for the memory-bound ops, a pure TypeScript path where WebAssembly is
// missing (same results within float tolerance), and the reference backend's kernels for the rest.
import type { Backend } from "../backend.ts";
import { referenceBackend } from "../reference/index.ts";
import { binaryFast, copyFast, reduceFast, whereFast } from "./elementwise.ts";
import { gatherFast, scatterAddFast } from "./gather.ts";
import { layerNormBackwardFast, layerNormFast } from "./layer-norm.ts";
import { matmulFast } from "./matmul.ts";
import { softmaxBackwardFast, softmaxFast } from "./softmax.ts";
import { unaryFast } from "./unary.ts";

export const fastBackend: Backend = {
  ...referenceBackend,
  name: "fast",
  matmul: matmulFast,
  unary: unaryFast,
  binary: binaryFast,
  where: whereFast,
  copy: copyFast,
  reduce: reduceFast,
  softmax: softmaxFast,
  softmaxBackward: softmaxBackwardFast,
  gather: gatherFast,
  scatterAdd: scatterAddFast,
  layerNorm: layerNormFast,
  layerNormBackward: layerNormBackwardFast,
};

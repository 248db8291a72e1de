// The reference backend: plain loops, written to be read. Every other backend must agree with it.
import type { Backend } from "../backend.ts";
import { binary, copy, unary, where } from "./elementwise.ts";
import { gather, scatterAdd } from "./gather.ts";
import { layerNorm, layerNormBackward } from "./layer-norm.ts";
import { matmul } from "./matmul.ts";
import { reduce } from "./reduce.ts";
import { softmax, softmaxBackward } from "./softmax.ts";

export const referenceBackend: Backend = {
  name: "reference",
  unary,
  binary,
  where,
  reduce,
  matmul,
  gather,
  scatterAdd,
  copy,
  softmax,
  softmaxBackward,
  layerNorm,
  layerNormBackward,
};

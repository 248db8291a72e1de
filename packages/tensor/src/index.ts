// @nanoschool/tensor: tensors with broadcasting and reverse-mode autograd.
// nn, optim and Value live at their own subpaths: @nanoschool/tensor/nn, /optim, /value.
export type { DType, Storage } from "./backend/backend.ts";
export { type BackendName, backendNames, getBackend, setBackend } from "./backend/registry.ts";
export { Generator, manualSeed } from "./random.ts";
export {
  arange,
  type Ctx,
  cat,
  eye,
  full,
  isGradEnabled,
  linspace,
  matmul,
  multinomial,
  type NestedArray,
  noGrad,
  ones,
  onesLike,
  type RandomOptions,
  rand,
  randint,
  randn,
  randperm,
  type SliceSpec,
  stack,
  Tensor,
  type TensorOptions,
  tensor,
  where,
  zeros,
  zerosLike,
} from "./tensor.ts";

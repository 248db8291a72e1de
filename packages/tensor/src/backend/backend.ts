// The Backend interface: the short list of primitive ops every tensor op is built from.
//
// A tensor is storage (a flat typed array) plus a shape, strides and an offset. The element at
// index (i0, i1, ..., ik) lives at data[offset + i0*strides[0] + ... + ik*strides[k]]. So a
// transpose is a permutation of strides, a slice moves the offset and scales strides, and
// broadcasting is a stride of 0: no data moves until a kernel reads it.
//
// The frontend (tensor.ts) does all the bookkeeping (shapes, broadcasting, dtypes, autograd) and
// calls a backend only with inputs that already have the output's shape. A backend reads strided
// inputs and writes a contiguous output (row-major, strides [..., N*C, C, 1]) that the frontend
// allocated. Nothing else: no allocation policy, no autograd, no error messages for users.

/** Element types. float32 is the default; int32 holds indices (tokens, targets). */
export type DType = "float32" | "int32";

/** The flat storage behind a tensor. */
export type Storage = Float32Array | Int32Array;

/**
 * A strided view into storage. Element (i0, ..., ik) is data[offset + sum_j ij * strides[j]].
 * A stride of 0 repeats an element along that axis (broadcasting).
 */
export interface StridedArray {
  readonly data: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * Elementwise functions of one input. `geluGrad` is the derivative of `gelu` (tanh form), a primitive
 * of its own so the backward pass of a GPT MLP is one kernel rather than a dozen.
 */
export type UnaryOp =
  | "neg"
  | "exp"
  | "log"
  | "sqrt"
  | "tanh"
  | "sigmoid"
  | "relu"
  | "gelu"
  | "geluGrad"
  | "abs"
  | "sign";

/**
 * Elementwise functions of two inputs. Comparisons write 1 where true and 0 where false. `tanhGrad`
 * is tanh's backward, g (1 - y^2) for g and y = tanh(x): one pass instead of four ops and temporaries;
 * `geluBackward` is gelu's, g gelu'(x) for g and x.
 */
export type BinaryOp =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "maximum"
  | "minimum"
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge"
  | "tanhGrad"
  | "geluBackward";

/** Reductions over a set of axes. */
export type ReduceOp = "sum" | "max" | "min";

/**
 * The primitive ops. Conventions shared by all of them:
 * - `out` is contiguous, freshly allocated by the frontend (zero-filled), of the dtype the frontend
 *   chose; writing a float into an Int32Array truncates, which is how casts work.
 * - Inputs described as "shaped like out" have exactly out's shape already (broadcast dims have stride 0).
 * - out never shares memory with an input (except copy's dst, which is the output).
 * - Inputs may be Float32Array or Int32Array unless said otherwise; a backend that only
 *   accelerates float32 can hand other cases to the reference backend.
 */
export interface Backend {
  readonly name: string;

  /** out[i] = op(x[i]). x is shaped like out. */
  unary(op: UnaryOp, x: StridedArray, out: Storage): void;

  /** out[i] = op(a[i], b[i]). a and b are shaped like out (broadcasting done by strides). */
  binary(op: BinaryOp, a: StridedArray, b: StridedArray, out: Storage): void;

  /** out[i] = cond[i] != 0 ? a[i] : b[i]. All three shaped like out. */
  where(cond: StridedArray, a: StridedArray, b: StridedArray, out: Storage): void;

  /**
   * Reduce x over `axes` (sorted, distinct, at least one). out has x's shape with those axes removed.
   * For max/min with exactly one axis, `indices` (same length as out), when given, receives the
   * position along that axis of the first extreme value (what argmax returns).
   */
  reduce(op: ReduceOp, x: StridedArray, axes: readonly number[], out: Storage, indices?: Int32Array): void;

  /**
   * Batched matrix product. a is (...batch, M, K), b is (...batch, K, N), with identical batch shapes
   * (broadcast batch dims have stride 0), both float32. out is contiguous (...batch, M, N).
   * A transposed operand is just swapped strides: fold it into packing rather than copying.
   */
  matmul(a: StridedArray, b: StridedArray, out: Float32Array): void;

  /**
   * torch.gather along `dim`: out[..., j, ...] = x[..., index[..., j, ...], ...], where index (int32)
   * is shaped like out and has x's rank. Indices are already checked to be in range.
   * Embedding lookup (indexSelect) is a gather whose index is expanded by strides.
   */
  gather(x: StridedArray, dim: number, index: StridedArray, out: Storage): void;

  /**
   * The adjoint of gather: target[..., index[..., j, ...], ...] += src[..., j, ...], accumulating in place.
   * target is contiguous; index (int32) and src have the same shape. Embedding backward uses this.
   */
  scatterAdd(
    target: Storage,
    targetShape: readonly number[],
    dim: number,
    index: StridedArray,
    src: StridedArray,
  ): void;

  /** dst[i] = src[i] for same-shaped strided arrays (contiguous(), casts, cat, slice backward). */
  copy(src: StridedArray, dst: StridedArray): void;

  /**
   * Softmax (or log-softmax when `log`) over the last axis of x (float32), numerically stable.
   * A fused primitive: written with exp/sum/div it costs four passes and three temporaries.
   * Attention's form: `scale` multiplies x first, and with `causal` row t of each (T, S) matrix in
   * the last two dims sees columns 0..t only (the others get probability 0).
   */
  softmax(x: StridedArray, out: Float32Array, log: boolean, scale?: number, causal?: boolean): void;

  /** softmax's backward over contiguous rows of n: dx = scale * y * (g - sum(g * y)) for y = softmax(scale * x). */
  softmaxBackward(y: Float32Array, g: Float32Array, n: number, scale: number, dx: Float32Array): void;

  /**
   * LayerNorm over rows of C contiguous float32 values: out = (x - mean) * rstd * weight + bias, with
   * rstd = 1 / sqrt(var + eps) (biased variance). Also writes each row's mean and rstd for the backward.
   * Fused: the composite costs about ten passes over x and as many temporaries.
   */
  layerNorm(
    x: Float32Array,
    weight: Float32Array,
    bias: Float32Array,
    eps: number,
    out: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
  ): void;

  /**
   * The backward of layerNorm for upstream gradient g (rows of C, contiguous): writes dx, and adds
   * into dweight and dbias (zero-filled by the caller).
   */
  layerNormBackward(
    g: Float32Array,
    x: Float32Array,
    weight: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    dx: Float32Array,
    dweight: Float32Array,
    dbias: Float32Array,
  ): void;
}

/** Total number of elements of a shape. */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-order) strides of a contiguous array: (2, 3, 4) -> [12, 4, 1]. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** True when x is laid out row-major without gaps, so x.data[x.offset + i] is element i. */
export function isContiguous(x: StridedArray): boolean {
  let s = 1;
  for (let i = x.shape.length - 1; i >= 0; i--) {
    const d = x.shape[i]!;
    if (d !== 1 && x.strides[i] !== s) return false;
    s *= d;
  }
  return true;
}

// Every gradient rule, in one table. Each rule gets g = d(loss)/d(out) and returns
// d(loss)/d(input) for each input, by the chain rule: d(loss)/d(x) = g * d(out)/d(x).
// Rules run under noGrad and are written with ordinary tensor ops, so they read like the maths.
import type { Storage } from "../backend/backend.ts";
import { getBackend } from "../backend/registry.ts";
import { binaryPrimitive, floatData, sliceView, type Tensor, where, zeros } from "../tensor.ts";

/** What a gradient rule may need besides the inputs and the output. */
export interface OpArgs {
  dims?: number[]; // reduced dims
  keptShape?: number[]; // the input's shape with reduced dims set to 1
  perm?: number[];
  dim?: number;
  index?: Tensor; // gather's int32 index
  mask?: Tensor; // where's condition
  mean?: Tensor; // layerNorm: each row's mean and 1/sqrt(var + eps)
  rstd?: Tensor;
  sizes?: number[]; // cat: each input's size along dim
  starts?: number[]; // slice
  steps?: number[];
  drop?: boolean[];
  shape?: number[];
  logProbs?: Tensor; // crossEntropy: logSoftmax of the logits, its targets, and how many rows counted
  targets?: Storage;
  ignoreIndex?: number;
  count?: number;
  scale?: number; // softmax: the factor on its input (attention's 1 / sqrt(hs))
}

/**
 * `pending` is the gradient gathered so far for inputs[0], when this pass alone holds it (a rule may add
 * into it); `spare` is g itself when nothing else holds its storage (a rule may write its result there).
 */
type Rule = (
  g: Tensor,
  inputs: Tensor[],
  out: Tensor,
  args: OpArgs,
  pending: Tensor | null,
  spare: Tensor | null,
) => (Tensor | null)[];

/** The [dim, start, end) pieces a slice rule has written into a zero tensor, all other entries still 0. */
export const slicePieces = new WeakMap<Tensor, [number, number, number][]>();

/** [dim, start, end) when a slice keeps every dim whole but one, narrowed with step 1 (split, chunk, narrow). */
function narrowed(full: readonly number[], args: OpArgs): [number, number, number] | null {
  const { starts, steps, drop, shape } = args;
  if (drop!.some(Boolean) || steps!.some((s) => s !== 1)) return null;
  const dims = full.flatMap((n, d) => (shape![d] !== n ? [d] : []));
  return dims.length === 1 ? [dims[0]!, starts![dims[0]!]!, starts![dims[0]!]! + shape![dims[0]!]!] : null;
}

/**
 * Undo broadcasting: an input of shape (C) added to (B, T, C) contributed to every (b, t), so
 * its gradient is the sum over those dims.
 */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  const extra = g.ndim - shape.length;
  const dims = g.shape.flatMap((s, i) => (i < extra || (shape[i - extra] === 1 && s !== 1) ? [i] : []));
  return dims.length ? g.sum(dims, true).reshape(shape) : g;
}

/** The transpose of the last two dims (a view). */
function mT(t: Tensor): Tensor {
  return t.transpose(-1, -2);
}

/** Is the matrix in the last two dims stored column by column (as a transposed view is)? */
function storedTransposed(t: Tensor): boolean {
  const n = t.ndim;
  return t.strides[n - 2] === 1 && t.strides[n - 1] !== 1 && t.shape[n - 1] !== 1;
}

/** Where a > b the gradient goes to a, where a < b to b; ties split it, as in PyTorch. */
function pickA(a: Tensor, b: Tensor, larger: boolean): Tensor {
  return (larger ? a.gt(b) : a.lt(b)).add(a.eq(b).mul(0.5));
}

export const gradients = {
  // ---- unary: d f(x) / dx ----
  neg: (g) => [g.neg()],
  exp: (g, _, out) => [g.mul(out)], // (e^x)' = e^x
  log: (g, [x]) => [g.div(x!)], // (ln x)' = 1/x
  sqrt: (g, _, out) => [g.div(out.mul(2))], // (sqrt x)' = 1 / (2 sqrt x)
  tanh: (g, _, out, __, ___, spare) => [binaryPrimitive("tanhGrad", g, out, spare)], // g (1 - tanh^2), one pass
  sigmoid: (g, _, out) => [g.mul(out.mul(out.neg().add(1)))], // s (1 - s)
  relu: (g, [x]) => [g.mul(x!.gt(0))], // 1 where x > 0
  gelu: (g, [x], _, __, ___, spare) => [binaryPrimitive("geluBackward", g, x!, spare)], // g gelu'(x), one pass
  abs: (g, [x]) => [g.mul(x!.sign())],

  // ---- binary, with broadcasting undone ----
  // (A rule skips inputs that need no gradient, such as constants and masks: that work is wasted.)
  add: (g, [a, b]) => [
    a!.requiresGrad ? unbroadcast(g, a!.shape) : null,
    b!.requiresGrad ? unbroadcast(g, b!.shape) : null,
  ],
  sub: (g, [a, b]) => [
    a!.requiresGrad ? unbroadcast(g, a!.shape) : null,
    b!.requiresGrad ? unbroadcast(g.neg(), b!.shape) : null,
  ],
  mul: (g, [a, b]) => [
    a!.requiresGrad ? unbroadcast(g.mul(b!), a!.shape) : null, // d(ab)/da = b
    b!.requiresGrad ? unbroadcast(g.mul(a!), b!.shape) : null, // d(ab)/db = a
  ],
  div: (g, [a, b], out) => [
    a!.requiresGrad ? unbroadcast(g.div(b!), a!.shape) : null, // d(a/b)/da = 1/b
    b!.requiresGrad ? unbroadcast(g.mul(out).div(b!).neg(), b!.shape) : null, // d(a/b)/db = -a/b^2
  ],
  pow: (g, [a, b], out) => [
    a!.requiresGrad ? unbroadcast(g.mul(b!).mul(a!.pow(b!.sub(1))), a!.shape) : null, // b a^(b-1)
    b!.requiresGrad ? unbroadcast(g.mul(out).mul(a!.log()), b!.shape) : null, // a^b ln a
  ],
  maximum: (g, [a, b]) => {
    const toA = pickA(a!, b!, true);
    return [unbroadcast(g.mul(toA), a!.shape), unbroadcast(g.mul(toA.neg().add(1)), b!.shape)];
  },
  minimum: (g, [a, b]) => {
    const toA = pickA(a!, b!, false);
    return [unbroadcast(g.mul(toA), a!.shape), unbroadcast(g.mul(toA.neg().add(1)), b!.shape)];
  },
  where: (g, [a, b], _, { mask }) => [
    a!.requiresGrad ? unbroadcast(where(mask!, g, 0), a!.shape) : null, // the gradient follows the picked side
    b!.requiresGrad ? unbroadcast(where(mask!, 0, g), b!.shape) : null,
  ],

  // ---- reductions ----
  // Every input element contributed once to its sum: copy g back over the reduced dims.
  sum: (g, [x], _, { keptShape }) => [g.reshape(keptShape!).expand(x!.shape)],
  // Only the elements equal to the max contributed; ties share the gradient equally.
  amax: (g, [x], out, { keptShape, dims }) => {
    const hit = x!.eq(out.reshape(keptShape!));
    return [hit.mul(g.reshape(keptShape!)).div(hit.sum(dims, true))];
  },
  amin: (g, [x], out, { keptShape, dims }) => {
    const hit = x!.eq(out.reshape(keptShape!));
    return [hit.mul(g.reshape(keptShape!)).div(hit.sum(dims, true))];
  },
  // y = softmax(scale x): dx = scale y (g - sum(g y)) along the last dim, fused: in plain ops it is
  // y.mul(g.sub(g.mul(y).sum(-1, true))).mul(scale), four passes and three temporaries.
  softmax: (g, _, y, { scale }, __, spare) => {
    const dx = spare ?? zeros(y.shape);
    getBackend().softmaxBackward(floatData(y), floatData(g), y.shape.at(-1) ?? 1, scale!, floatData(dx));
    return [dx];
  },
  // y = logSoftmax(x): dx = g - softmax(x) * sum(g).
  logSoftmax: (g, _, y) => [g.sub(y.exp().mul(g.sum(-1, true)))],

  // loss = -(1/count) sum_i logp[i, t_i]: dlogits = (softmax - onehot(t)) * g / count; 0 on ignored rows.
  crossEntropy: (g, _, __, { logProbs, targets, ignoreIndex, count }) => {
    const dx = logProbs!.exp(); // (N, C) softmax
    const [p, C] = [floatData(dx), dx.shape[1]!];
    for (let i = 0; i < targets!.length; i++) {
      const t = targets![i]!;
      if (t === ignoreIndex) p.fill(0, i * C, (i + 1) * C);
      else p[i * C + t] = p[i * C + t]! - 1;
    }
    return [dx.mul(g.div(Math.max(count!, 1)))];
  },

  // y = xhat * w + b with xhat = (x - mean) * rstd. A fused backend op computes
  //   dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) with dxhat = g * w,
  //   dw = sum(g * xhat), db = sum(g) (sums over all rows); see backend/reference/layer-norm.ts.
  layerNorm: (g, [x, w, b], _, { mean, rstd }, __, spare) => {
    const [dx, dw, db] = [spare ?? zeros(x!.shape), zeros(w!.shape), zeros(b!.shape)];
    getBackend().layerNormBackward(
      floatData(g),
      floatData(x!),
      floatData(w!),
      floatData(mean!),
      floatData(rstd!),
      floatData(dx),
      floatData(dw),
      floatData(db),
    );
    return [dx, w!.requiresGrad ? dw : null, b!.requiresGrad ? db : null];
  },

  // ---- matrix product: C = A @ B gives dA = dC @ B^T and dB = A^T @ dC ----
  // When an operand is stored transposed (a Linear's weight used as W.T), compute its gradient
  // transposed too, as (B @ dC^T)^T or (dC^T @ A)^T: the same numbers, already in the operand's layout.
  matmul: (g, [a, b]) => [
    a!.requiresGrad ? (storedTransposed(a!) ? mT(b!.matmul(mT(g))) : g.matmul(mT(b!))) : null, // (M, K)
    b!.requiresGrad ? (storedTransposed(b!) ? mT(mT(g).matmul(a!)) : mT(a!).matmul(g)) : null, // (K, N)
  ],

  // ---- views: move the gradient back to the input's layout ----
  reshape: (g, [x]) => [g.reshape(x!.shape)],
  permute: (g, _, __, { perm }) => {
    const inverse = perm!.map((_p, i) => perm!.indexOf(i));
    return [g.permute(inverse)];
  },
  expand: (g, [x]) => [unbroadcast(g, x!.shape)], // a repeated element collects all its copies' gradients
  contiguous: (g) => [g],
  // The slice's gradient lands in the sliced positions of a zero tensor. Pieces of one split (q, k, v
  // cut from one qkv) share it: a piece goes straight into the pending gradient where that is still 0.
  slice: (g, [x], _, args, pending) => {
    const piece = narrowed(x!.shape, args);
    const filled = pending && piece ? slicePieces.get(pending) : undefined;
    const fits = filled?.every(([d, s, e]) => d === piece![0] && (e <= piece![1] || s >= piece![2]));
    const dx = fits ? pending! : zeros(x!.shape);
    getBackend().copy(g, sliceView(dx, args.starts!, args.steps!, args.drop!, args.shape!));
    if (piece) slicePieces.set(dx, fits ? [...filled!, piece] : [piece]);
    return [dx];
  },
  // gather read x[index]; its gradient adds g into those positions (embedding backward).
  gather: (g, [x], _, { dim, index }) => {
    const dx = zeros(x!.shape);
    getBackend().scatterAdd(dx.data, dx.shape, dim!, index!, g);
    return [dx];
  },
  cat: (g, _, __, { dim, sizes }) => g.split(sizes!, dim),
} satisfies Record<string, Rule>;

export type GradOp = keyof typeof gradients;

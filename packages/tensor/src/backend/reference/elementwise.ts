// Elementwise kernels: unary, binary and where. Inputs arrive already broadcast to the output's
// shape (stride 0 on broadcast axes), so each kernel is one walk over the output.
import type { BinaryOp, Storage, StridedArray, UnaryOp } from "../backend.ts";
import { collapseAxes, forEachRow } from "./strided.ts";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** GPT-2's gelu, tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
}

/** d gelu / dx, by the product and chain rules on the formula above. */
function geluGrad(x: number): number {
  const u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
  const t = Math.tanh(u);
  const du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
}

/** Each unary op as a plain function of one number. */
export const unaryFunctions: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => Math.max(x, 0),
  gelu,
  geluGrad,
  abs: Math.abs,
  sign: Math.sign,
};

/** Each binary op as a plain function of two numbers. Comparisons give 1 or 0. */
export const binaryFunctions: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  tanhGrad: (g, y) => g * (1 - y * y),
  geluBackward: (g, x) => g * geluGrad(x),
};

export function unary(op: UnaryOp, x: StridedArray, out: Storage): void {
  const f = unaryFunctions[op];
  const { shape, strides } = collapseAxes(x.shape, [x.strides]);
  const n = shape[shape.length - 1]!;
  const sx = strides[0]![shape.length - 1]!;
  const xd = x.data;
  forEachRow(shape, strides, [x.offset], (starts, row) => {
    const px = starts[0]!;
    const po = row * n;
    for (let i = 0; i < n; i++) out[po + i] = f(xd[px + i * sx]!);
  });
}

export function binary(op: BinaryOp, a: StridedArray, b: StridedArray, out: Storage): void {
  const { shape, strides } = collapseAxes(a.shape, [a.strides, b.strides]);
  const last = shape.length - 1;
  const n = shape[last]!;
  const sa = strides[0]![last]!;
  const sb = strides[1]![last]!;
  const ad = a.data;
  const bd = b.data;
  // The four most common ops get their own loop (no function call per element); they are the
  // bulk of every forward and backward pass.
  forEachRow(shape, strides, [a.offset, b.offset], (starts, row) => {
    const pa = starts[0]!;
    const pb = starts[1]!;
    const po = row * n;
    switch (op) {
      case "add":
        for (let i = 0; i < n; i++) out[po + i] = ad[pa + i * sa]! + bd[pb + i * sb]!;
        return;
      case "sub":
        for (let i = 0; i < n; i++) out[po + i] = ad[pa + i * sa]! - bd[pb + i * sb]!;
        return;
      case "mul":
        for (let i = 0; i < n; i++) out[po + i] = ad[pa + i * sa]! * bd[pb + i * sb]!;
        return;
      case "div":
        for (let i = 0; i < n; i++) out[po + i] = ad[pa + i * sa]! / bd[pb + i * sb]!;
        return;
      default: {
        const f = binaryFunctions[op];
        for (let i = 0; i < n; i++) out[po + i] = f(ad[pa + i * sa]!, bd[pb + i * sb]!);
      }
    }
  });
}

export function where(cond: StridedArray, a: StridedArray, b: StridedArray, out: Storage): void {
  const { shape, strides } = collapseAxes(cond.shape, [cond.strides, a.strides, b.strides]);
  const last = shape.length - 1;
  const n = shape[last]!;
  const [sc, sa, sb] = [strides[0]![last]!, strides[1]![last]!, strides[2]![last]!];
  forEachRow(shape, strides, [cond.offset, a.offset, b.offset], (starts, row) => {
    const pc = starts[0]!;
    const pa = starts[1]!;
    const pb = starts[2]!;
    const po = row * n;
    for (let i = 0; i < n; i++) {
      out[po + i] = cond.data[pc + i * sc] !== 0 ? a.data[pa + i * sa]! : b.data[pb + i * sb]!;
    }
  });
}

/** dst[i] = src[i]: both strided, same shape. */
export function copy(src: StridedArray, dst: StridedArray): void {
  const { shape, strides } = collapseAxes(src.shape, [src.strides, dst.strides]);
  const last = shape.length - 1;
  const n = shape[last]!;
  const [ss, sd] = [strides[0]![last]!, strides[1]![last]!];
  const sdata = src.data;
  const ddata = dst.data;
  // Long contiguous rows of the same type are a memcpy; subarray() allocates, so not for short rows.
  const memcpy = ss === 1 && sd === 1 && n >= 256 && sdata.constructor === ddata.constructor;
  forEachRow(shape, strides, [src.offset, dst.offset], (starts, _row) => {
    const ps = starts[0]!;
    const pd = starts[1]!;
    if (memcpy) ddata.set(sdata.subarray(ps, ps + n), pd);
    else for (let i = 0; i < n; i++) ddata[pd + i * sd] = sdata[ps + i * ss]!;
  });
}

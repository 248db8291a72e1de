// Softmax and log-softmax over the last axis, fused into one kernel, and softmax's backward.
import type { StridedArray } from "../backend.ts";
import { forEachRow } from "./strided.ts";

/**
 * softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m), with m = max_j x_j. Subtracting the max
 * changes nothing mathematically but keeps exp from overflowing.
 * log-softmax: x_i - m - log(sum_j exp(x_j - m)).
 * Attention's form: x is scaled by `scale` first, and with `causal` row t of each (T, S) matrix in
 * the last two dims keeps columns 0..t only (the rest count as -Infinity: weight 0).
 */
export function softmax(x: StridedArray, out: Float32Array, log: boolean, scale = 1, causal = false): void {
  const nd = x.shape.length;
  const n = x.shape[nd - 1] ?? 1;
  const T = nd >= 2 ? x.shape[nd - 2]! : 1;
  const s = x.strides[nd - 1] ?? 0;
  const xd = x.data;
  forEachRow(
    x.shape.length ? x.shape : [1],
    x.shape.length ? [x.strides] : [[0]],
    [x.offset],
    (starts, row) => {
      const p = starts[0]!;
      const o = row * n;
      const seen = causal ? Math.min(n, (row % T) + 1) : n; // columns this row may attend to
      out.fill(log ? Number.NEGATIVE_INFINITY : 0, o + seen, o + n);
      let m = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < seen; i++) m = Math.max(m, scale * xd[p + i * s]!);
      // out holds exp(x - m) first, so exp runs once per element.
      let sum = 0;
      for (let i = 0; i < seen; i++) {
        const e = Math.exp(scale * xd[p + i * s]! - m);
        out[o + i] = e;
        sum += e;
      }
      if (log) {
        const logSum = Math.log(sum);
        for (let i = 0; i < seen; i++) out[o + i] = scale * xd[p + i * s]! - m - logSum;
      } else {
        const inv = 1 / sum;
        for (let i = 0; i < seen; i++) out[o + i]! *= inv;
      }
    },
  );
}

/**
 * The backward of y = softmax(scale * x) over rows of n: dx = scale * y * (g - sum(g * y)).
 * (Each output depends on every input of its row through the sum; masked entries have y = 0.)
 */
export function softmaxBackward(
  y: Float32Array,
  g: Float32Array,
  n: number,
  scale: number,
  dx: Float32Array,
): void {
  for (let o = 0; o < y.length; o += n) {
    let dot = 0;
    for (let i = o; i < o + n; i++) dot += g[i]! * y[i]!;
    for (let i = o; i < o + n; i++) dx[i] = scale * y[i]! * (g[i]! - dot);
  }
}

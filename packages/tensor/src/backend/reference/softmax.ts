// Softmax and log-softmax over the last axis, fused into one kernel.
import type { StridedArray } from "../backend.ts";
import { forEachRow } from "./strided.ts";

/**
 * softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m), with m = max_j x_j. Subtracting the max
 * changes nothing mathematically but keeps exp from overflowing.
 * log-softmax: x_i - m - log(sum_j exp(x_j - m)).
 */
export function softmax(x: StridedArray, out: Float32Array, log: boolean): void {
  const nd = x.shape.length;
  const n = x.shape[nd - 1] ?? 1;
  const s = x.strides[nd - 1] ?? 0;
  const xd = x.data;
  forEachRow(
    x.shape.length ? x.shape : [1],
    x.shape.length ? [x.strides] : [[0]],
    [x.offset],
    (starts, row) => {
      const p = starts[0]!;
      const o = row * n;
      let m = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) m = Math.max(m, xd[p + i * s]!);
      // out holds exp(x - m) first, so exp runs once per element.
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const e = Math.exp(xd[p + i * s]! - m);
        out[o + i] = e;
        sum += e;
      }
      if (log) {
        const logSum = Math.log(sum);
        for (let i = 0; i < n; i++) out[o + i] = xd[p + i * s]! - m - logSum;
      } else {
        const inv = 1 / sum;
        for (let i = 0; i < n; i++) out[o + i]! *= inv;
      }
    },
  );
}

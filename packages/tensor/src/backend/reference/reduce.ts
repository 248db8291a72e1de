// Reductions: sum, max and min over any set of axes.
import type { ReduceOp, Storage, StridedArray } from "../backend.ts";
import { blockOffsets, collapseAxes, forEachRow } from "./strided.ts";

/**
 * Split x's axes into kept ones (which index the output) and reduced ones. For every output
 * element, visit the reduced block through a table of offsets computed once.
 */
export function reduce(
  op: ReduceOp,
  x: StridedArray,
  axes: readonly number[],
  out: Storage,
  indices?: Int32Array,
): void {
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  x.shape.forEach((d, i) => {
    if (axes.includes(i)) {
      redShape.push(d);
      redStrides.push(x.strides[i]!);
    } else {
      keptShape.push(d);
      keptStrides.push(x.strides[i]!);
    }
  });
  // With a single reduced axis the table is 0, s, 2s, ...: position j is the index along that axis.
  const table = blockOffsets(redShape, redStrides);
  const m = table.length;
  const xd = x.data;
  if (m === 0) {
    if (op !== "sum") throw new Error(`${op}: cannot reduce over an empty axis`);
    return; // out is already zero-filled: the empty sum
  }
  // Walk the kept axes row by row; the output is contiguous over them.
  const kept = collapseAxes(keptShape, [keptStrides]);
  const n = kept.shape[kept.shape.length - 1]!;
  const sk = kept.strides[0]![kept.shape.length - 1]!;
  forEachRow(kept.shape, kept.strides, [x.offset], (starts, row) => {
    for (let i = 0; i < n; i++) {
      const base = starts[0]! + i * sk;
      const o = row * n + i;
      if (op === "sum") {
        let acc = 0;
        for (let j = 0; j < m; j++) acc += xd[base + table[j]!]!;
        out[o] = acc;
      } else {
        // max/min: keep the first extreme value; NaN wins, as in PyTorch.
        let best = xd[base]!;
        let bestJ = 0;
        for (let j = 1; j < m && !Number.isNaN(best); j++) {
          const v = xd[base + table[j]!]!;
          if (op === "max" ? v > best || Number.isNaN(v) : v < best || Number.isNaN(v)) {
            best = v;
            bestJ = j;
          }
        }
        out[o] = best;
        if (indices) indices[o] = bestJ;
      }
    }
  });
}

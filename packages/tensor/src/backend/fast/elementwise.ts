// Binary ops, where, copy and sum on float32, in plain TypeScript: these move memory more than they
// compute, so a trip into WebAssembly (copy in, copy out) would cost what it saves.
//
// What makes them faster than the reference kernels: each op has its own loop (no call through a
// table per element), each loop only ever sees Float32Array (monomorphic element access that V8
// compiles to plain loads), and the common stride patterns (contiguous, broadcast scalar) have
// their own branches without multiplications in the index. Other cases go to the reference kernels.
import type { BinaryOp, ReduceOp, Storage, StridedArray } from "../backend.ts";
import {
  binary as referenceBinary,
  copy as referenceCopy,
  where as referenceWhere,
} from "../reference/elementwise.ts";
import { reduce as referenceReduce } from "../reference/reduce.ts";
import { collapseAxes, forEachRow } from "../reference/strided.ts";

type Run = (
  a: Float32Array,
  pa: number,
  sa: number,
  b: Float32Array,
  pb: number,
  sb: number,
  o: Float32Array,
  po: number,
  n: number,
) => void;

const addRun: Run = (a, pa, sa, b, pb, sb, o, po, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[po + i] = a[pa + i]! + b[pb + i]!;
  else if (sb === 0) {
    const v = b[pb]!;
    for (let i = 0; i < n; i++) o[po + i] = a[pa + i * sa]! + v;
  } else if (sa === 0) {
    const v = a[pa]!;
    for (let i = 0; i < n; i++) o[po + i] = v + b[pb + i * sb]!;
  } else for (let i = 0; i < n; i++) o[po + i] = a[pa + i * sa]! + b[pb + i * sb]!;
};

const subRun: Run = (a, pa, sa, b, pb, sb, o, po, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[po + i] = a[pa + i]! - b[pb + i]!;
  else if (sb === 0) {
    const v = b[pb]!;
    for (let i = 0; i < n; i++) o[po + i] = a[pa + i * sa]! - v;
  } else if (sa === 0) {
    const v = a[pa]!;
    for (let i = 0; i < n; i++) o[po + i] = v - b[pb + i * sb]!;
  } else for (let i = 0; i < n; i++) o[po + i] = a[pa + i * sa]! - b[pb + i * sb]!;
};

const mulRun: Run = (a, pa, sa, b, pb, sb, o, po, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[po + i] = a[pa + i]! * b[pb + i]!;
  else if (sb === 0) {
    const v = b[pb]!;
    for (let i = 0; i < n; i++) o[po + i] = a[pa + i * sa]! * v;
  } else if (sa === 0) {
    const v = a[pa]!;
    for (let i = 0; i < n; i++) o[po + i] = v * b[pb + i * sb]!;
  } else for (let i = 0; i < n; i++) o[po + i] = a[pa + i * sa]! * b[pb + i * sb]!;
};

const divRun: Run = (a, pa, sa, b, pb, sb, o, po, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[po + i] = a[pa + i]! / b[pb + i]!;
  else if (sb === 0) {
    const v = b[pb]!;
    for (let i = 0; i < n; i++) o[po + i] = a[pa + i * sa]! / v;
  } else if (sa === 0) {
    const v = a[pa]!;
    for (let i = 0; i < n; i++) o[po + i] = v / b[pb + i * sb]!;
  } else for (let i = 0; i < n; i++) o[po + i] = a[pa + i * sa]! / b[pb + i * sb]!;
};

const runs: Partial<Record<BinaryOp, Run>> = { add: addRun, sub: subRun, mul: mulRun, div: divRun };

export function binaryFast(op: BinaryOp, a: StridedArray, b: StridedArray, out: Storage): void {
  const run = runs[op];
  if (
    run === undefined ||
    !(a.data instanceof Float32Array && b.data instanceof Float32Array && out instanceof Float32Array)
  ) {
    referenceBinary(op, a, b, out);
    return;
  }
  const ad = a.data;
  const bd = b.data;
  const { shape, strides } = collapseAxes(a.shape, [a.strides, b.strides]);
  const last = shape.length - 1;
  const n = shape[last]!;
  const [sa, sb] = [strides[0]![last]!, strides[1]![last]!];
  if (shape.length === 1) {
    run(ad, a.offset, sa, bd, b.offset, sb, out, 0, n);
    return;
  }
  if (shape.length === 2) {
    const [ra, rb] = [strides[0]![0]!, strides[1]![0]!];
    for (let r = 0; r < shape[0]!; r++)
      run(ad, a.offset + r * ra, sa, bd, b.offset + r * rb, sb, out, r * n, n);
    return;
  }
  forEachRow(shape, strides, [a.offset, b.offset], (starts, row) => {
    run(ad, starts[0]!, sa, bd, starts[1]!, sb, out, row * n, n);
  });
}

export function whereFast(cond: StridedArray, a: StridedArray, b: StridedArray, out: Storage): void {
  if (!(a.data instanceof Float32Array && b.data instanceof Float32Array && out instanceof Float32Array)) {
    referenceWhere(cond, a, b, out);
    return;
  }
  const { shape, strides } = collapseAxes(cond.shape, [cond.strides, a.strides, b.strides]);
  const last = shape.length - 1;
  const n = shape[last]!;
  const [sc, sa, sb] = [strides[0]![last]!, strides[1]![last]!, strides[2]![last]!];
  const [cd, ad, bd] = [cond.data, a.data, b.data];
  forEachRow(shape, strides, [cond.offset, a.offset, b.offset], (starts, row) => {
    const [pc, pa, pb] = [starts[0]!, starts[1]!, starts[2]!];
    const po = row * n;
    for (let i = 0; i < n; i++) out[po + i] = cd[pc + i * sc] !== 0 ? ad[pa + i * sa]! : bd[pb + i * sb]!;
  });
}

/** Edge of the square tiles a transposing copy works in: two 32 x 32 float tiles fit in L1 easily. */
const tile = 32;

/**
 * dst = src. A transposing copy (src walks its last axis with a stride, dst contiguously) goes tile by
 * tile, so both sides stay in cache; it is how a weight's gradient W^T becomes W's layout.
 */
export function copyFast(src: StridedArray, dst: StridedArray): void {
  if (!(src.data instanceof Float32Array && dst.data instanceof Float32Array)) {
    referenceCopy(src, dst);
    return;
  }
  const { shape, strides } = collapseAxes(src.shape, [src.strides, dst.strides]);
  const nd = shape.length;
  const [ss, sd] = [strides[0]!, strides[1]!];
  const s = src.data;
  const d = dst.data;
  if (nd >= 2 && ss[nd - 1] !== 1 && ss[nd - 2] === 1 && sd[nd - 1] === 1) {
    const rows = shape[nd - 2]!;
    const cols = shape[nd - 1]!;
    const [srcRow, srcCol, dstRow] = [ss[nd - 2]!, ss[nd - 1]!, sd[nd - 2]!];
    const outer = { shape: shape.slice(0, nd - 1), strides: [ss.slice(0, nd - 1), sd.slice(0, nd - 1)] };
    // Visit every (rows, cols) matrix: forEachRow over the leading axes calls back once per run of
    // its last axis (here: rows), that is once per matrix, with the matrix's starting positions.
    forEachRow(outer.shape, outer.strides, [src.offset, dst.offset], (starts) => {
      const [ps, pd] = [starts[0]!, starts[1]!];
      for (let i0 = 0; i0 < rows; i0 += tile) {
        const i1 = Math.min(rows, i0 + tile);
        for (let j0 = 0; j0 < cols; j0 += tile) {
          const j1 = Math.min(cols, j0 + tile);
          for (let i = i0; i < i1; i++) {
            for (let j = j0; j < j1; j++) d[pd + i * dstRow + j] = s[ps + i * srcRow + j * srcCol]!;
          }
        }
      }
    });
    return;
  }
  const n = shape[nd - 1]!;
  const [sl, dl] = [ss[nd - 1]!, sd[nd - 1]!];
  forEachRow(shape, strides, [src.offset, dst.offset], (starts) => {
    const [ps, pd] = [starts[0]!, starts[1]!];
    if (sl === 1 && dl === 1) {
      if (n >= 64) d.set(s.subarray(ps, ps + n), pd);
      else for (let i = 0; i < n; i++) d[pd + i] = s[ps + i]!;
    } else for (let i = 0; i < n; i++) d[pd + i * dl] = s[ps + i * sl]!;
  });
}

/** Sums of a contiguous float32 x over leading or trailing axes; anything else goes to the reference. */
export function reduceFast(
  op: ReduceOp,
  x: StridedArray,
  axes: readonly number[],
  out: Storage,
  indices?: Int32Array,
): void {
  const contiguous = x.strides.every(
    (s, i) => x.shape[i] === 1 || s === x.shape.slice(i + 1).reduce((p, d) => p * d, 1),
  );
  if (op !== "sum" || !(x.data instanceof Float32Array) || !contiguous || indices) {
    referenceReduce(op, x, axes, out, indices);
    return;
  }
  const nd = x.shape.length;
  const leading = axes.every((a, i) => a === i);
  const trailing = axes.every((a, i) => a === nd - axes.length + i);
  const reduced = axes.reduce((p, a) => p * x.shape[a]!, 1);
  const kept = x.shape.reduce((p, d) => p * d, 1) / Math.max(reduced, 1);
  const xd = x.data;
  const p0 = x.offset;
  if (reduced === 0) return; // out is zero-filled already: the empty sum
  if (trailing) {
    // out[r] = sum of the r-th contiguous block of `reduced` elements (LayerNorm's mean, softmax sums)
    for (let r = 0; r < kept; r++) {
      let acc = 0;
      const base = p0 + r * reduced;
      for (let j = 0; j < reduced; j++) acc += xd[base + j]!;
      out[r] = acc;
    }
    return;
  }
  if (leading) {
    // out[j] = sum over rows of x[i, j]: add whole rows, reading memory in order (bias gradients)
    const acc = new Float64Array(kept);
    for (let i = 0; i < reduced; i++) {
      const base = p0 + i * kept;
      for (let j = 0; j < kept; j++) acc[j]! += xd[base + j]!;
    }
    for (let j = 0; j < kept; j++) out[j] = acc[j]!;
    return;
  }
  referenceReduce(op, x, axes, out, indices);
}

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
import { blockOffsets, collapseAxes } from "../reference/strided.ts";
import { binaryOpCodes } from "./kernels.gen.ts";
import { wasmArena } from "./wasm-runtime.ts";

/**
 * Where each row (run along the last axis) of every operand starts, relative to its offset. The
 * kernels loop over these tables in their own body: a callback per row, as the reference kernels use,
 * gets a fresh closure per call, and V8 then re-optimizes its hot loop on every call.
 */
function rowStarts(shape: readonly number[], strides: readonly (readonly number[])[]): Int32Array[] {
  const outer = shape.slice(0, -1);
  return strides.map((s) => blockOffsets(outer, s.slice(0, -1)));
}

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

/** tanh's backward, g (1 - y^2), on contiguous runs (the only kind its gradient rule passes). */
const tanhGradRun: Run = (g, pg, sg, y, py, sy, o, po, n) => {
  if (sg !== 1 || sy !== 1) {
    for (let i = 0; i < n; i++) o[po + i] = g[pg + i * sg]! * (1 - y[py + i * sy]! * y[py + i * sy]!);
    return;
  }
  for (let i = 0; i < n; i++) {
    const t = y[py + i]!;
    o[po + i] = g[pg + i]! * (1 - t * t);
  }
};

const runs: Partial<Record<BinaryOp, Run>> = {
  add: addRun,
  sub: subRun,
  mul: mulRun,
  div: divRun,
  tanhGrad: tanhGradRun,
};

/** From this many elements on, a binary op pays for its trip into WebAssembly (copies in and out). */
const wasmMinElements = 512;

/**
 * The WebAssembly path for the two layouts that dominate training: both operands contiguous, or a
 * contiguous a with b one row repeated down it (a bias). Returns false for anything else.
 */
function binaryWasm(
  op: BinaryOp,
  a: StridedArray,
  b: StridedArray,
  out: Float32Array,
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): boolean {
  const code = (binaryOpCodes as Partial<Record<BinaryOp, number>>)[op];
  if (code === undefined || out.length < wasmMinElements || shape.length > 2) return false;
  const n = shape[shape.length - 1]!;
  const rows = shape.length === 2 ? shape[0]! : 1;
  const [sa, sb] = [strides[0]!, strides[1]!];
  if (sa[sa.length - 1] !== 1 || sb[sb.length - 1] !== 1) return false;
  if (rows > 1 && (sa[0] !== n || (sb[0] !== n && sb[0] !== 0) || n % 4 !== 0)) return false;
  const arena = wasmArena();
  if (arena === null) return false;
  const bRows = rows > 1 && sb[0] === 0 ? 1 : rows;
  const padded = (rows * n + 3) & ~3;
  arena.reset();
  const [pa, pb, dst] = [arena.alloc(padded), arena.alloc(padded), arena.alloc(padded)];
  const view = arena.f32();
  view.set((a.data as Float32Array).subarray(a.offset, a.offset + rows * n), pa >> 2);
  view.set((b.data as Float32Array).subarray(b.offset, b.offset + bRows * n), pb >> 2);
  arena.kernels.binary(code, pa, pb, dst, rows, rows > 1 ? n : padded, bRows > 1 ? n : 0);
  out.set(arena.f32().subarray(dst >> 2, (dst >> 2) + rows * n));
  return true;
}

export function binaryFast(op: BinaryOp, a: StridedArray, b: StridedArray, out: Storage): void {
  if (!(a.data instanceof Float32Array && b.data instanceof Float32Array && out instanceof Float32Array)) {
    referenceBinary(op, a, b, out);
    return;
  }
  const ad = a.data;
  const bd = b.data;
  const { shape, strides } = collapseAxes(a.shape, [a.strides, b.strides]);
  if (binaryWasm(op, a, b, out, shape, strides)) return;
  // a bias on the left (b + x): add and mul commute, so the row can go on the right
  if ((op === "add" || op === "mul") && binaryWasm(op, b, a, out, shape, [strides[1]!, strides[0]!])) return;
  const run = runs[op];
  if (run === undefined) {
    referenceBinary(op, a, b, out);
    return;
  }
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
  const [rowsA, rowsB] = rowStarts(shape, strides);
  for (let r = 0; r < rowsA!.length; r++)
    run(ad, a.offset + rowsA![r]!, sa, bd, b.offset + rowsB![r]!, sb, out, r * n, n);
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
  const [rowsC, rowsA, rowsB] = rowStarts(shape, strides);
  for (let r = 0; r < rowsC!.length; r++) {
    whereRun(
      cond.data,
      cond.offset + rowsC![r]!,
      sc,
      a.data,
      a.offset + rowsA![r]!,
      sa,
      b.data,
      b.offset + rowsB![r]!,
      sb,
      out,
      r * n,
      n,
    );
  }
}

function whereRun(
  c: Storage,
  pc: number,
  sc: number,
  a: Float32Array,
  pa: number,
  sa: number,
  b: Float32Array,
  pb: number,
  sb: number,
  o: Float32Array,
  po: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) o[po + i] = c[pc + i * sc] !== 0 ? a[pa + i * sa]! : b[pb + i * sb]!;
}

/** Below this many elements a transposing copy stays in JS. */
const wasmTransposeMinElements = 1024;

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
    // every (rows, cols) matrix: its start in src and dst, from the axes before the last two
    const rows = shape[nd - 2]!;
    const cols = shape[nd - 1]!;
    const outer = shape.slice(0, nd - 2);
    const srcStarts = blockOffsets(outer, ss.slice(0, nd - 2));
    const dstStarts = blockOffsets(outer, sd.slice(0, nd - 2));
    const arena =
      rows * cols >= wasmTransposeMinElements && ss[nd - 1] === rows && sd[nd - 2] === cols
        ? wasmArena()
        : null;
    if (arena !== null) {
      // each matrix is a contiguous (cols, rows) block of src: transpose it in WebAssembly
      for (let m = 0; m < srcStarts.length; m++) {
        arena.reset();
        const from = arena.alloc(rows * cols);
        const to = arena.alloc(rows * cols);
        const at = src.offset + srcStarts[m]!;
        arena.f32().set(s.subarray(at, at + rows * cols), from >> 2);
        arena.kernels.transpose(from, to, rows, cols);
        d.set(arena.f32().subarray(to >> 2, (to >> 2) + rows * cols), dst.offset + dstStarts[m]!);
      }
      return;
    }
    for (let m = 0; m < srcStarts.length; m++) {
      transposeCopy(
        s,
        src.offset + srcStarts[m]!,
        ss[nd - 2]!,
        ss[nd - 1]!,
        d,
        dst.offset + dstStarts[m]!,
        sd[nd - 2]!,
        rows,
        cols,
      );
    }
    return;
  }
  const n = shape[nd - 1]!;
  const [sl, dl] = [ss[nd - 1]!, sd[nd - 1]!];
  const [srcRows, dstRows] = rowStarts(shape, strides);
  for (let r = 0; r < srcRows!.length; r++)
    copyRun(s, src.offset + srcRows![r]!, sl, d, dst.offset + dstRows![r]!, dl, n);
}

function copyRun(
  s: Float32Array,
  ps: number,
  sl: number,
  d: Float32Array,
  pd: number,
  dl: number,
  n: number,
): void {
  if (sl === 1 && dl === 1) {
    if (n >= 256) d.set(s.subarray(ps, ps + n), pd);
    else for (let i = 0; i < n; i++) d[pd + i] = s[ps + i]!;
  } else for (let i = 0; i < n; i++) d[pd + i * dl] = s[ps + i * sl]!;
}

/** d[i, j] = s[i, j] for a (rows, cols) matrix read column-wise, tile by tile so both sides stay in cache. */
function transposeCopy(
  s: Float32Array,
  ps: number,
  srcRow: number,
  srcCol: number,
  d: Float32Array,
  pd: number,
  dstRow: number,
  rows: number,
  cols: number,
): void {
  for (let i0 = 0; i0 < rows; i0 += tile) {
    const i1 = Math.min(rows, i0 + tile);
    for (let j0 = 0; j0 < cols; j0 += tile) {
      const j1 = Math.min(cols, j0 + tile);
      for (let i = i0; i < i1; i++) {
        const si = ps + i * srcRow;
        const di = pd + i * dstRow;
        for (let j = j0; j < j1; j++) d[di + j] = s[si + j * srcCol]!;
      }
    }
  }
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
    const arena = kept % 4 === 0 && reduced * kept >= 2048 ? wasmArena() : null;
    if (arena !== null) {
      arena.reset();
      const [src, acc] = [arena.alloc(reduced * kept), arena.alloc(2 * kept)];
      arena.f32().set(xd.subarray(p0, p0 + reduced * kept), src >> 2);
      arena.kernels.sumRows(src, acc, reduced, kept);
      const sums = new Float64Array(arena.kernels.memory.buffer, acc, kept);
      for (let j = 0; j < kept; j++) out[j] = sums[j]!;
      return;
    }
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

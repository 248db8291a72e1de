// Batched matmul on the fast kernels: (...batch, M, K) @ (...batch, K, N) -> (...batch, M, N).
//
// WebAssembly path: copy each operand's storage span into the kernels' memory in one memcpy (its
// strides stay as they are: the kernel's packing step reads any strides, so a transposed or batched
// operand costs the same as a plain one), run the GEMM once per batch entry, copy C out.
// TypeScript path: the same GEMM plan, reading the JS arrays in place.
import type { StridedArray } from "../backend.ts";
import { blockOffsets } from "../reference/strided.ts";
import { gemmTs } from "./gemm-ts.ts";
import { gemmFlags } from "./kernels.gen.ts";
import { type WasmArena, wasmArena } from "./wasm-runtime.ts";

/** Smallest and largest flat index a strided view touches. */
function extent(x: StridedArray): { lo: number; hi: number; count: number } {
  let lo = x.offset;
  let hi = x.offset;
  let count = 1;
  for (let d = 0; d < x.shape.length; d++) {
    const reach = (x.shape[d]! - 1) * x.strides[d]!;
    if (reach < 0) lo += reach;
    else hi += reach;
    count *= x.shape[d]!;
  }
  return { lo, hi, count };
}

/** An operand placed in WebAssembly memory: byte address of its element 0 and its strides. */
interface Staged {
  address: number;
  strides: readonly number[];
}

/**
 * Copies x into the arena. When its storage span is not much larger than the view (contiguous,
 * transposed, broadcast, or a batch of those), the whole span goes in one memcpy and the strides are
 * kept; a small slice of a large storage is gathered densely instead.
 */
function stage(arena: WasmArena, x: StridedArray): Staged {
  const { lo, hi, count } = extent(x);
  const span = hi - lo + 1;
  const data = x.data as Float32Array;
  if (span <= 4 * count + 4096) {
    const address = arena.alloc(span);
    arena.f32().set(data.subarray(lo, hi + 1), address >> 2);
    return { address: address + (x.offset - lo) * 4, strides: x.strides };
  }
  const address = arena.alloc(count);
  const view = arena.f32();
  const offsets = blockOffsets(x.shape, x.strides);
  const base = address >> 2;
  for (let i = 0; i < count; i++) view[base + i] = data[x.offset + offsets[i]!]!;
  const strides: number[] = [];
  let s = 1;
  for (let d = x.shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= x.shape[d]!;
  }
  return { address, strides };
}

/**
 * Stages both operands. Two views of one storage (attention's q and k, both slices of one qkv
 * tensor) are copied once, as the union of their spans, instead of once each.
 */
function stagePair(arena: WasmArena, a: StridedArray, b: StridedArray): [Staged, Staged] {
  if (a.data !== b.data) return [stage(arena, a), stage(arena, b)];
  const ea = extent(a);
  const eb = extent(b);
  const lo = Math.min(ea.lo, eb.lo);
  const hi = Math.max(ea.hi, eb.hi);
  if (hi - lo + 1 > 4 * (ea.count + eb.count) + 4096) return [stage(arena, a), stage(arena, b)];
  const address = arena.alloc(hi - lo + 1);
  arena.f32().set((a.data as Float32Array).subarray(lo, hi + 1), address >> 2);
  return [
    { address: address + (a.offset - lo) * 4, strides: a.strides },
    { address: address + (b.offset - lo) * 4, strides: b.strides },
  ];
}

export function matmulFast(a: StridedArray, b: StridedArray, out: Float32Array): void {
  const nd = a.shape.length;
  const M = a.shape[nd - 2]!;
  const K = a.shape[nd - 1]!;
  const N = b.shape[nd - 1]!;
  const batchShape = a.shape.slice(0, nd - 2);
  const batches = batchShape.reduce((p, d) => p * d, 1);
  if (batches === 0 || M === 0 || N === 0) return;
  if (K === 0) {
    out.fill(0, 0, batches * M * N);
    return;
  }
  const arena = wasmArena();
  if (arena === null) {
    const aBatch = blockOffsets(batchShape, a.strides.slice(0, nd - 2));
    const bBatch = blockOffsets(batchShape, b.strides.slice(0, nd - 2));
    const av = { data: a.data as Float32Array, offset: 0, rs: a.strides[nd - 2]!, cs: a.strides[nd - 1]! };
    const bv = { data: b.data as Float32Array, offset: 0, rs: b.strides[nd - 2]!, cs: b.strides[nd - 1]! };
    for (let i = 0; i < batches; i++) {
      av.offset = a.offset + aBatch[i]!;
      bv.offset = b.offset + bBatch[i]!;
      gemmTs(av, bv, out, i * M * N, N, M, N, K, false);
    }
    return;
  }
  arena.reset();
  const [sa, sb] = stagePair(arena, a, b);
  const { mr, nr, mc, kc, nc } = arena.gemmLayout;
  const packA = arena.alloc(Math.min(mc, Math.ceil(M / mr) * mr) * Math.min(kc, K));
  const packB = arena.alloc(Math.min(nc, Math.ceil(N / nr) * nr) * Math.min(kc, K));
  // C leaves in pieces of about 128 KiB: the copy to `out` then reads what the kernel has just written,
  // still in cache (from L3 otherwise), and the arena stays small. A piece is several whole batch
  // entries, or a block of rows of one large product when B fits one packed block (so B is packed once
  // and reused by every piece). A bmm of 64 x 64 outputs gained ~10%.
  const size = M * N;
  const splitRows = size > chunkFloats && K <= kc && N <= nc;
  const rowsPer = splitRows
    ? Math.max(mr, Math.floor(chunkFloats / N / mc) * mc || Math.floor(chunkFloats / N / mr) * mr)
    : M;
  const entriesPer = splitRows ? 1 : Math.min(batches, Math.max(1, Math.floor(chunkFloats / size)));
  const c = arena.alloc(entriesPer * rowsPer * N);
  const aBatch = blockOffsets(batchShape, sa.strides.slice(0, nd - 2));
  const bBatch = blockOffsets(batchShape, sb.strides.slice(0, nd - 2));
  const [rsA, csA] = [sa.strides[nd - 2]!, sa.strides[nd - 1]!];
  const [rsB, csB] = [sb.strides[nd - 2]!, sb.strides[nd - 1]!];
  const gemm = arena.kernels.gemm;
  let lastA = -1;
  let lastB = -1;
  let lastRows = -1;
  for (let i0 = 0; i0 < batches; i0 += entriesPer) {
    const count = Math.min(entriesPer, batches - i0);
    for (let r0 = 0; r0 < M; r0 += rowsPer) {
      const rows = Math.min(rowsPer, M - r0);
      for (let i = 0; i < count; i++) {
        const aAt = sa.address + (aBatch[i0 + i]! + r0 * rsA) * 4;
        const bAt = sb.address + bBatch[i0 + i]! * 4;
        // An operand broadcast over the batch (stride 0), or B across row pieces, is packed once when it
        // fits one block (the kernel checks that). Packed A is reused only by a call of as many rows: a
        // shorter piece zero-pads its last panel.
        const reuseA = aAt === lastA && rows === lastRows;
        const flags = (reuseA ? gemmFlags.reusePackedA : 0) | (bAt === lastB ? gemmFlags.reusePackedB : 0);
        gemm(aAt, rsA, csA, bAt, rsB, csB, c + i * rows * N * 4, N, rows, N, K, packA, packB, flags, 0);
        lastA = aAt;
        lastB = bAt;
        lastRows = rows;
      }
      // edge-tile scratch (the last 0 above): the arena keeps [0, scratchBytes) for it
      out.set(arena.f32().subarray(c >> 2, (c >> 2) + count * rows * N), (i0 * M + r0) * N);
    }
  }
}

/** Floats of C computed between two copies out (128 KiB: well inside L2 next to the packed panels). */
const chunkFloats = 32768;

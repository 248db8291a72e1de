import { afterAll, describe, expect, it } from "vitest";
import type { StridedArray } from "../backend.ts";
import { relaxedKernelsBase64 } from "./kernels.gen.ts";
import { matmulFast } from "./matmul.ts";
import {
  decodeBase64,
  type KernelFlavour,
  kernelFlavour,
  preloadKernels,
  setRelaxedSimdDisabled,
  setWasmDisabled,
} from "./wasm-runtime.ts";

// A deterministic generator so a failure reproduces.
function randomArray(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

function contiguousStrides(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/** Element (index) of a strided array, the slow obvious way. */
function at(x: StridedArray, index: readonly number[]): number {
  let p = x.offset;
  for (let d = 0; d < index.length; d++) p += index[d]! * x.strides[d]!;
  return x.data[p]!;
}

/** The textbook triple loop, in float64, over every batch entry. */
function naiveMatmul(a: StridedArray, b: StridedArray): Float32Array {
  const nd = a.shape.length;
  const [M, K, N] = [a.shape[nd - 2]!, a.shape[nd - 1]!, b.shape[nd - 1]!];
  const batchShape = a.shape.slice(0, nd - 2);
  const batches = batchShape.reduce((p, d) => p * d, 1);
  const out = new Float32Array(batches * M * N);
  for (let t = 0; t < batches; t++) {
    const bi: number[] = [];
    let rest = t;
    for (let d = batchShape.length - 1; d >= 0; d--) {
      bi[d] = rest % batchShape[d]!;
      rest = Math.floor(rest / batchShape[d]!);
    }
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += at(a, [...bi, i, k]) * at(b, [...bi, k, j]);
        out[(t * M + i) * N + j] = s;
      }
    }
  }
  return out;
}

/** A (…batch, rows, cols) operand, optionally stored transposed (cols, rows) and inside a bigger buffer. */
function operand(
  batch: number[],
  rows: number,
  cols: number,
  transposed: boolean,
  seed: number,
): StridedArray {
  const stored = transposed ? [...batch, cols, rows] : [...batch, rows, cols];
  const pad = 3; // start a few elements in, so offsets are exercised
  const data = randomArray(stored.reduce((p, d) => p * d, 1) + pad, seed);
  const strides = contiguousStrides(stored);
  const nd = strides.length;
  if (transposed) [strides[nd - 2], strides[nd - 1]] = [strides[nd - 1]!, strides[nd - 2]!];
  return { data, shape: [...batch, rows, cols], strides, offset: pad };
}

function expectClose(actual: Float32Array, expected: Float32Array, K: number): void {
  expect(actual.length).toBe(expected.length);
  const tolerance = 1e-5 * Math.max(1, K);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 8],
  [17, 33, 65],
  [9, 300, 13], // K beyond one packed block (256)
  [130, 20, 3], // M beyond one row block (120 or 128 rows)
  [5, 3, 16], // K under the 4 k steps that packing moves at a time, full panels
  [64, 262, 24], // a Linear layer's shape: packing B^T by 4 k steps, then 2 left over in each block
  [6, 4, 8], // exactly one 6 x 8 tile
  [10, 9, 17], // a 6-row panel, then a 4-row one (the short kernel), then a partial column panel
  [11, 5, 9], // a 5-row last panel: the 6-row kernel's edge tile
  [64, 32, 64], // one attention head: 10 six-row panels and a full 4-row one
  [121, 7, 8], // one row past a 120-row block
];

function relaxedSimdSupported(): boolean {
  const wasm = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
  return wasm?.validate(decodeBase64(relaxedKernelsBase64)) ?? false;
}

/** Point the fast backend at one of its three builds. */
function usePath(path: KernelFlavour): void {
  setWasmDisabled(path === "typescript");
  setRelaxedSimdDisabled(path === "wasm-simd");
}

for (const path of ["wasm-relaxed-simd", "wasm-simd", "typescript"] as const) {
  describe(`fast matmul (${path} path)`, () => {
    afterAll(() => {
      setRelaxedSimdDisabled(false);
      setWasmDisabled(false);
    });

    it("runs on the path it claims", () => {
      usePath(path);
      // an engine without relaxed SIMD loads the mul + add build instead, which the next suite also covers
      const relaxedMissing = path === "wasm-relaxed-simd" && !relaxedSimdSupported();
      expect(kernelFlavour()).toBe(relaxedMissing ? "wasm-simd" : path);
    });

    for (const [M, K, N] of shapes) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        it(`(${M}, ${K}) @ (${K}, ${N}) with A${ta ? "^T" : ""} B${tb ? "^T" : ""}`, () => {
          usePath(path);
          const a = operand([], M, K, ta, M * 31 + K);
          const b = operand([], K, N, tb, N * 17 + K);
          const out = new Float32Array(M * N);
          matmulFast(a, b, out);
          expectClose(out, naiveMatmul(a, b), K);
        });
      }
    }

    it("batched (16, 4, 64, 32) @ (16, 4, 32, 64), B transposed", () => {
      usePath(path);
      const a = operand([16, 4], 64, 32, false, 5);
      const b = operand([16, 4], 32, 64, true, 6);
      const out = new Float32Array(16 * 4 * 64 * 64);
      matmulFast(a, b, out);
      expectClose(out, naiveMatmul(a, b), 32);
    });

    it("broadcast batch: (3, 5, 6) @ (6, 7) expanded with a batch stride of 0", () => {
      usePath(path);
      const a = operand([3], 5, 6, false, 7);
      const w = operand([], 6, 7, false, 8);
      const b: StridedArray = { ...w, shape: [3, 6, 7], strides: [0, ...w.strides] };
      const out = new Float32Array(3 * 5 * 7);
      matmulFast(a, b, out);
      expectClose(out, naiveMatmul(a, b), 6);
    });

    it("strided: every other row and column of a bigger matrix, and a slice of a large buffer", () => {
      usePath(path);
      const big = randomArray(40 * 50, 9);
      // rows 1, 3, 5, ... and columns 0, 2, 4, ...: a (19, 25) view with strides (100, 2)
      const a: StridedArray = { data: big, shape: [19, 25], strides: [100, 2], offset: 50 };
      // a (25, 4) corner of a (25, 5000)-wide buffer: its span is far larger than the view, so it is gathered
      const wide = randomArray(25 * 5000, 10);
      const b: StridedArray = { data: wide, shape: [25, 4], strides: [5000, 1], offset: 7 };
      const out = new Float32Array(19 * 4);
      matmulFast(a, b, out);
      expectClose(out, naiveMatmul(a, b), 25);
    });

    it("q @ k^T with q and k two views of one qkv storage (staged once)", () => {
      usePath(path);
      // qkv (2, 5, 3 * 8): q = qkv[..., 0:8], k = qkv[..., 8:16], as (B, T, hs) views with row stride 24
      const qkv = randomArray(2 * 5 * 24, 21);
      const q: StridedArray = { data: qkv, shape: [2, 5, 8], strides: [120, 24, 1], offset: 0 };
      const kT: StridedArray = { data: qkv, shape: [2, 8, 5], strides: [120, 1, 24], offset: 8 };
      const out = new Float32Array(2 * 5 * 5);
      matmulFast(q, kT, out);
      expectClose(out, naiveMatmul(q, kT), 8);
    });

    it("a broadcast A and a broadcast B: (5, 7, 9) @ (5, 9, 6), each packed once and reused", () => {
      usePath(path);
      // x (7, 9) expanded over a batch of 5 against 5 different Bs, then 5 different As against one W
      const x = operand([], 7, 9, false, 31);
      const xs: StridedArray = { ...x, shape: [5, 7, 9], strides: [0, ...x.strides] };
      const bs = operand([5], 9, 6, true, 32);
      const out = new Float32Array(5 * 7 * 6);
      matmulFast(xs, bs, out);
      expectClose(out, naiveMatmul(xs, bs), 9);
      const as = operand([5], 7, 9, true, 33);
      const w = operand([], 9, 6, false, 34);
      const ws: StridedArray = { ...w, shape: [5, 9, 6], strides: [0, ...w.strides] };
      matmulFast(as, ws, out);
      expectClose(out, naiveMatmul(as, ws), 9);
    });

    it("broadcast over two batch dims: (2, 1 -> 3, 8, 300) @ (1 -> 2, 3, 300, 12), K past one block", () => {
      usePath(path);
      // past one packed block (K > 256) the packed panels change within a call, so nothing is reused
      const a0 = operand([2, 1], 8, 300, false, 41);
      const a: StridedArray = { ...a0, shape: [2, 3, 8, 300], strides: [a0.strides[0]!, 0, 300, 1] };
      const b0 = operand([1, 3], 300, 12, true, 42);
      const b: StridedArray = { ...b0, shape: [2, 3, 300, 12], strides: [0, ...b0.strides.slice(1)] };
      const out = new Float32Array(2 * 3 * 8 * 12);
      matmulFast(a, b, out);
      expectClose(out, naiveMatmul(a, b), 300);
    });

    it("many batch entries (C leaves in chunks): (37, 33, 31) @ (37, 31, 35) and (11, 70, 64) @ (11, 64, 70)", () => {
      usePath(path);
      for (const [batch, M, K, N] of [
        [37, 33, 31, 35],
        [11, 70, 64, 70],
      ] as const) {
        const a = operand([batch], M, K, false, batch + M);
        const b = operand([batch], K, N, false, batch + N);
        const out = new Float32Array(batch * M * N).fill(Number.NaN);
        matmulFast(a, b, out);
        expectClose(out, naiveMatmul(a, b), K);
      }
    });

    it("large products with a one-block B (C leaves in row pieces): odd splits, a batch, transposes", () => {
      usePath(path);
      for (const [batch, M, K, N, ta, tb] of [
        [1, 300, 40, 200, false, false], // pieces of 120 rows: 120, 120, 60
        [1, 50, 10, 2000, true, false], // N too wide for one 120-row block: pieces of 12 rows
        [3, 200, 30, 301, false, true], // one entry at a time, each in row pieces
      ] as const) {
        const batchDims = batch > 1 ? [batch] : [];
        const a = operand(batchDims, M, K, ta, M + K);
        const b = operand(batchDims, K, N, tb, K + N);
        const out = new Float32Array(batch * M * N).fill(Number.NaN);
        matmulFast(a, b, out);
        expectClose(out, naiveMatmul(a, b), K);
      }
    });

    it("one row broadcast over rows and batch, in row pieces: (3, 250 <- 1, 20) @ (3, 20, 200)", () => {
      usePath(path);
      // every piece (120, 120, 10 rows) of every entry starts at the same address of A, so pieces and
      // entries reuse one packing of A
      const row = operand([], 1, 20, false, 61);
      const a: StridedArray = { ...row, shape: [3, 250, 20], strides: [0, 0, 1] };
      const b = operand([3], 20, 200, false, 62);
      const out = new Float32Array(3 * 250 * 200);
      matmulFast(a, b, out);
      expectClose(out, naiveMatmul(a, b), 20);
    });

    it("a strided batch: every other matrix of a batch, with every other column of each", () => {
      usePath(path);
      const data = randomArray(6 * 10 * 16, 51);
      // (3, 10, 8): matrices 0, 2, 4 of a (6, 10, 16) buffer, columns 1, 3, ..., 15
      const a: StridedArray = { data, shape: [3, 10, 8], strides: [320, 16, 2], offset: 1 };
      const b = operand([3], 8, 13, true, 52);
      const out = new Float32Array(3 * 10 * 13);
      matmulFast(a, b, out);
      expectClose(out, naiveMatmul(a, b), 8);
    });

    it("K = 0 gives zeros, M = 0 writes nothing", () => {
      usePath(path);
      const out = new Float32Array(6).fill(7);
      const empty = new Float32Array(0);
      matmulFast(
        { data: empty, shape: [2, 0], strides: [0, 1], offset: 0 },
        { data: empty, shape: [0, 3], strides: [3, 1], offset: 0 },
        out,
      );
      expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
    });
  });
}

describe("without WebAssembly (as in the grader's isolate)", () => {
  it("falls back to TypeScript when globalThis.WebAssembly is missing, and back again when it returns", async () => {
    const saved = (globalThis as { WebAssembly?: unknown }).WebAssembly;
    try {
      delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
      setWasmDisabled(false); // forget the loaded module: the next op looks for WebAssembly again
      expect(kernelFlavour()).toBe("typescript");
      expect(await preloadKernels()).toBe(false);
      const a = operand([], 5, 9, false, 1);
      const b = operand([], 9, 6, true, 2);
      const out = new Float32Array(30);
      matmulFast(a, b, out);
      expectClose(out, naiveMatmul(a, b), 9);
    } finally {
      (globalThis as { WebAssembly?: unknown }).WebAssembly = saved;
      setWasmDisabled(false);
    }
    expect(kernelFlavour()).toMatch(/^wasm/);
    expect(await preloadKernels()).toBe(true);
  });
});

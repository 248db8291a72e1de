/// <reference types="node" />
// The committed kernels.gen.ts must be what the generators produce today: otherwise someone changed
// a kernel's source without rebuilding, and the library would run the old binary.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { randomFloats } from "../bench/measure.ts";
import { assemble, kernelModuleWat, kernelsFile, kernelsFileText } from "./build-wasm.ts";
import { defaultGemmShape, gemmFlags, gemmShapes } from "./build-wasm-gemm.ts";

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}

interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

describe("build-wasm", () => {
  it("kernels.gen.ts is up to date with the generators (else: npm run build:wasm -w @nanoschool/tensor)", async () => {
    expect(readFileSync(kernelsFile, "utf8")).toBe(await kernelsFileText());
  });

  it("the shared-memory variant used by the two-thread benchmark assembles", async () => {
    const bytes = await assemble(kernelModuleWat(defaultGemmShape, { sharedMemory: true }), true, true);
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it("spills edge tiles to the scratch address it is given, not to a fixed one", async () => {
    const bytes = await assemble(kernelModuleWat(defaultGemmShape), true);
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasm.instantiate(bytes, {});
    const { memory, gemm } = instance.exports as {
      memory: { buffer: ArrayBuffer };
      gemm: (...args: number[]) => void;
    };
    const f32 = new Float32Array(memory.buffer);
    // (3, 5) @ (5, 7): one tile, partial in both directions; A at 4096, B at 8192, C at 12288
    const [M, K, N] = [3, 5, 7];
    for (let i = 0; i < M * K; i++) f32[1024 + i] = i + 1;
    for (let i = 0; i < K * N; i++) f32[2048 + i] = (i % 3) - 1;
    f32.fill(-7, 0, 512); // two scratch-sized regions that must stay as they are, except the one given
    gemm(4096, K, 1, 8192, N, 1, 12288, N, M, N, K, 16384, 32768, 0, 1024);
    expect(f32.subarray(0, 256).every((x) => x === -7)).toBe(true);
    expect(f32.subarray(256, 512).some((x) => x !== -7)).toBe(true);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += f32[1024 + i * K + k]! * f32[2048 + k * N + j]!;
        expect(f32[3072 + i * N + j]).toBeCloseTo(s, 4);
      }
    }
  });

  it("rejects a tile the packing code cannot handle, saying why", () => {
    expect(() => kernelModuleWat({ ...defaultGemmShape, nr: 6 })).toThrow(/nr must be a multiple of 4/);
    expect(() => kernelModuleWat({ ...defaultGemmShape, mr: 5 })).toThrow(/mr of 2/);
  });

  for (const build of ["relaxed", "plain"] as const) {
    describe(`the ${build} build's GEMM (${gemmShapes[build].mr} x ${gemmShapes[build].nr} tile)`, () => {
      let gemm: (...args: number[]) => void;
      let f32: Float32Array;
      const shape = gemmShapes[build];
      // A at 64 KiB, B at 1 MiB, C at 2 MiB, packed A at 3 MiB, packed B at 4 MiB (float indices below)
      const [aAt, bAt, cAt, packA, packB] = [1 << 16, 1 << 20, 2 << 20, 3 << 20, 4 << 20];

      beforeAll(async () => {
        const bytes = await assemble(kernelModuleWat(shape), shape.relaxed);
        const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
        const { instance } = await wasm.instantiate(bytes, {});
        const exports = instance.exports as { memory: WasmMemory; gemm: (...args: number[]) => void };
        exports.memory.grow(96); // 6 MiB in all
        gemm = exports.gemm;
        f32 = new Float32Array(exports.memory.buffer);
      });

      /** Fills A (M, K) and B (K, N) row-major with seeds, runs the GEMM, returns the largest error. */
      function run(M: number, K: number, N: number, flags: number, seeds: [number, number], bOffset = 0) {
        f32.set(randomFloats(M * K, seeds[0]), aAt / 4);
        f32.set(randomFloats(K * N, seeds[1]), bAt / 4 + bOffset);
        gemm(aAt, K, 1, bAt + bOffset * 4, N, 1, cAt, N, M, N, K, packA, packB, flags, 0);
        return f32.subarray(cAt / 4, cAt / 4 + M * N).slice();
      }

      function product(M: number, K: number, N: number, seeds: [number, number]): Float32Array {
        const a = randomFloats(M * K, seeds[0]);
        const b = randomFloats(K * N, seeds[1]);
        const c = new Float32Array(M * N);
        for (let i = 0; i < M; i++)
          for (let j = 0; j < N; j++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += a[i * K + k]! * b[k * N + j]!;
            c[i * N + j] = s;
          }
        return c;
      }

      function worst(x: Float32Array, y: Float32Array): number {
        return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
      }

      it("computes every row count of the last panel, 1 to mr + 4", () => {
        for (let M = 1; M <= shape.mr + 4; M++) {
          expect(worst(run(M, 13, 19, 0, [M, 2]), product(M, 13, 19, [M, 2]))).toBeLessThan(1e-4);
        }
      });

      it("reuses the packed B of the previous call when asked and it fits one block", () => {
        run(10, 20, 24, 0, [1, 2]);
        // new A and new B (placed elsewhere), but packed B reused: the product is with the old B
        const reused = run(10, 20, 24, gemmFlags.reusePackedB, [3, 4], 4096);
        expect(worst(reused, product(10, 20, 24, [3, 2]))).toBeLessThan(1e-4);
        // and the same for A
        const reusedA = run(10, 20, 24, gemmFlags.reusePackedA, [5, 6]);
        expect(worst(reusedA, product(10, 20, 24, [3, 6]))).toBeLessThan(1e-4);
      });

      it("ignores the reuse bits when an operand spans several packed blocks", () => {
        const K = shape.kc + 5;
        run(10, K, 24, 0, [1, 2]);
        const c = run(10, K, 24, gemmFlags.reusePackedA | gemmFlags.reusePackedB, [3, 4], 4096);
        expect(worst(c, product(10, K, 24, [3, 4]))).toBeLessThan(1e-3);
      });

      it("accumulates into C with the accumulate bit", () => {
        const first = run(7, 9, 11, 0, [1, 2]);
        const twice = run(7, 9, 11, gemmFlags.accumulate, [1, 2]);
        expect(
          worst(
            twice,
            first.map((x) => 2 * x),
          ),
        ).toBeLessThan(1e-4);
      });
    });
  }
});

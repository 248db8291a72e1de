/// <reference types="node" />
// The committed kernels.gen.ts must be what the generators produce today: otherwise someone changed
// a kernel's source without rebuilding, and the library would run the old binary.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assemble, kernelModuleWat, kernelsFile, kernelsFileText } from "./build-wasm.ts";
import { defaultGemmShape } from "./build-wasm-gemm.ts";

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
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
    expect(() => kernelModuleWat({ ...defaultGemmShape, nr: 6 })).toThrow(/multiples of 4/);
  });
});

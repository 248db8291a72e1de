/// <reference types="node" />
// The committed kernels.gen.ts must be what the generators produce today: otherwise someone changed
// a kernel's source without rebuilding, and the library would run the old binary.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assemble, kernelModuleWat, kernelsFile, kernelsFileText } from "./build-wasm.ts";
import { defaultGemmShape } from "./build-wasm-gemm.ts";

describe("build-wasm", () => {
  it("kernels.gen.ts is up to date with the generators (else: npm run build:wasm -w @nanoschool/tensor)", async () => {
    expect(readFileSync(kernelsFile, "utf8")).toBe(await kernelsFileText());
  });

  it("the shared-memory variant used by the two-thread benchmark assembles", async () => {
    const bytes = await assemble(kernelModuleWat(defaultGemmShape, { sharedMemory: true }), true, true);
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it("rejects a tile the packing code cannot handle, saying why", () => {
    expect(() => kernelModuleWat({ ...defaultGemmShape, nr: 6 })).toThrow(/multiples of 4/);
  });
});

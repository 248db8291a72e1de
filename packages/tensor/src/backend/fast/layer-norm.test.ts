// The WebAssembly LayerNorm against the reference kernels: rows of a multiple of 4 floats (the
// WebAssembly path), other widths (the fallback), and rows far from mean 0 and variance 1.
import { afterAll, describe, expect, it } from "vitest";
import { Generator } from "../../random.ts";
import { layerNorm, layerNormBackward } from "../reference/layer-norm.ts";
import { layerNormBackwardFast, layerNormFast } from "./layer-norm.ts";
import { setWasmDisabled } from "./wasm-runtime.ts";

const gen = new Generator(5);
const randomArray = (n: number, scale = 1, shift = 0) =>
  Float32Array.from({ length: n }, () => shift + scale * gen.normal());

function expectClose(a: Float32Array, b: Float32Array, tolerance: number, what: string): void {
  let worst = 0;
  let largest = 1e-6;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    largest = Math.max(largest, Math.abs(b[i]!));
  }
  expect(worst / largest, what).toBeLessThan(tolerance);
}

describe("fast layerNorm", () => {
  afterAll(() => setWasmDisabled(false));
  const cases: [number, number, number, number, number][] = [
    [64, 128, 1, 0, 1e-5], // a GPT's rows
    [37, 12, 3, 5, 1e-5], // far from mean 0, variance 9
    [5, 4, 1, 0, 1e-5], // the narrowest WebAssembly row
    [9, 6, 1, 0, 1e-5], // not a multiple of 4: the reference kernel
    // one long row, spread 0.01 around 100: a float32 mean is only good to 4e-6 there (PyTorch's too),
    // 4e-4 of the spread; the reference computes it in double
    [1, 1000, 0.01, 100, 1e-3],
  ];
  for (const wasm of [true, false]) {
    it.each(cases)(
      `rows %i of C %i (scale %f, shift %f) match within %f the reference (WebAssembly ${wasm})`,
      (rows, C, scale, shift, tolerance) => {
        setWasmDisabled(!wasm);
        const [x, w, b, g] = [
          randomArray(rows * C, scale, shift),
          randomArray(C),
          randomArray(C),
          randomArray(rows * C),
        ];
        const fast = [new Float32Array(rows * C), new Float32Array(rows), new Float32Array(rows)] as const;
        const ref = [new Float32Array(rows * C), new Float32Array(rows), new Float32Array(rows)] as const;
        layerNormFast(x, w, b, 1e-5, ...fast);
        layerNorm(x, w, b, 1e-5, ...ref);
        ["out", "mean", "rstd"].forEach((name, i) => {
          expectClose(fast[i]!, ref[i]!, tolerance, name);
        });
        // dweight and dbias start non-zero: the kernels add into them
        const grads = () => [new Float32Array(rows * C), randomArray(C), randomArray(C)] as const;
        const [fastGrads, refGrads] = [grads(), grads()];
        refGrads[1].set(fastGrads[1]);
        refGrads[2].set(fastGrads[2]);
        layerNormBackwardFast(g, x, w, ref[1], ref[2], ...fastGrads);
        layerNormBackward(g, x, w, ref[1], ref[2], ...refGrads);
        ["dx", "dweight", "dbias"].forEach((name, i) => {
          expectClose(fastGrads[i]!, refGrads[i]!, tolerance, name);
        });
      },
    );
  }
});

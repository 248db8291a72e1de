// The two-thread matmul of the benchmark must compute the same product as one thread does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomFloats } from "./measure.ts";
import { startTwoWorkerMatmul, type TwoWorkerMatmul } from "./two-workers.ts";

describe("two-thread matmul (benchmark only)", () => {
  let matmul: TwoWorkerMatmul;
  beforeAll(async () => {
    matmul = await startTwoWorkerMatmul();
  });
  afterAll(async () => {
    await matmul.close();
  });

  it("refuses shapes with edge tiles (both threads would share the kernel's scratch tile)", () => {
    const a = randomFloats(37 * 29, 1);
    const b = randomFloats(29 * 53, 2);
    expect(() => matmul.matmul(a, b, 37, 53, 29, false, false)).toThrow(/edge tiles/);
  });

  // the column split, odd depths (K) and both packing paths all get exercised
  for (const [M, K, N] of [
    [36, 29, 48],
    [4, 300, 16],
    [64, 64, 16],
  ] as const) {
    for (const [aT, bT] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      it(`(${M}, ${K}) @ (${K}, ${N}), A${aT ? "^T" : ""} B${bT ? "^T" : ""}`, () => {
        const a = randomFloats(M * K, M + K);
        const b = randomFloats(K * N, N + K);
        const c = matmul.matmul(a, b, M, N, K, aT, bT);
        let worst = 0;
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < N; j++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += a[aT ? k * M + i : i * K + k]! * b[bT ? j * K + k : k * N + j]!;
            worst = Math.max(worst, Math.abs(s - c[i * N + j]!));
          }
        }
        expect(worst).toBeLessThan(1e-4 * K);
      });
    }
  }
});

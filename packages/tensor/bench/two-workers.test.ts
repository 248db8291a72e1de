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

  // the column split, odd depths (K), both packing paths, and edge tiles on both threads at once (rows
  // not a multiple of the tile height, columns not of its width: each thread spills to its own scratch
  // tile; when they shared one, the larger odd shapes here came out wrong)
  for (const [M, K, N] of [
    [36, 29, 48],
    [4, 300, 16],
    [64, 64, 16],
    [37, 29, 53],
    [3, 7, 5],
    [131, 67, 203],
    [257, 33, 250],
    [3, 32, 100003], // every tile is an edge tile, on both threads at once for a while
    [7, 3, 2050],
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

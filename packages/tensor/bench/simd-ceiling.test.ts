// The ceiling loop must do the work its GFLOP/s figure counts: every chain, every iteration.
import { describe, expect, it } from "vitest";
import { chains, loadSpin, unroll } from "./simd-ceiling.ts";

/** What spin(iterations) must return: each chain c -> 0.999 c + 0.001, iterations * unroll times. */
function expected(iterations: number): number {
  let sum = 0;
  for (let i = 0; i < chains; i++) {
    let c = i;
    for (let k = 0; k < iterations * unroll; k++) c = c * 0.999 + 0.001;
    sum += c;
  }
  return sum;
}

describe("SIMD128 ceiling loop", () => {
  it("runs iterations * unroll multiply-adds on every chain", async () => {
    const { spin } = await loadSpin();
    for (const iterations of [0, 1, 7, 30]) {
      expect(spin(iterations)).toBeCloseTo(expected(iterations), 2);
    }
    // one iteration fewer would be visibly different: the check above can fail
    expect(Math.abs(expected(30) - expected(29))).toBeGreaterThan(0.05);
  });
});

import { describe, expect, it } from "vitest";
import { probeSeed } from "./probe-seed.ts";

const exercise = { key: "01-bigram/count", hiddenTests: "probe(...)" };

describe("probeSeed", () => {
  it("draws every submission's seed from a pool of the given size", () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => probeSeed(exercise, i * 7919 + 3, 32)));
    expect(seeds.size).toBe(32);
  });

  it("gives another pool to another version of the hidden tests", () => {
    const next = { ...exercise, hiddenTests: "probe(...) // v2" };
    const a = new Set(Array.from({ length: 32 }, (_, i) => probeSeed(exercise, i)));
    const b = Array.from({ length: 32 }, (_, i) => probeSeed(next, i));
    expect(b.filter((seed) => a.has(seed)).length).toBeLessThan(3);
  });

  it("uses the submission's own seed when the pool is off", () => {
    expect(probeSeed(exercise, 123456, 0)).toBe(123456);
    expect(probeSeed(exercise, 123456, 32)).not.toBe(123456);
  });
});

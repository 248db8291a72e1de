import { describe, expect, it } from "vitest";
import { percentiles } from "./percentiles.ts";

describe("percentiles", () => {
  it("takes the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(percentiles(values)).toEqual({ p50: 51, p99: 100, max: 100 });
    expect(percentiles([])).toEqual({ p50: 0, p99: 0, max: 0 });
  });
});

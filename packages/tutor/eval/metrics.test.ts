import { describe, expect, it } from "vitest";
import { scoreRanking, summarize } from "./metrics.ts";

describe("retrieval metrics", () => {
  it("computes recall@k over answer sections and the reciprocal rank of the first hit", () => {
    expect(scoreRanking(["a", "b", "c", "d", "e", "f"], ["c", "f"])).toEqual({
      recallAt3: 0.5,
      recallAt5: 0.5,
      reciprocalRank: 1 / 3,
    });
    expect(scoreRanking(["x"], ["a"])).toEqual({ recallAt3: 0, recallAt5: 0, reciprocalRank: 0 });
    expect(summarize([scoreRanking(["a"], ["a"]), scoreRanking(["b", "a"], ["a"])])).toEqual({
      recallAt3: 1,
      recallAt5: 1,
      mrr: 0.75,
    });
  });
});

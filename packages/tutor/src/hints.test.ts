import { describe, expect, it } from "vitest";
import { hintsGiven, nextHint } from "./hints.ts";

const ladder = { exerciseTitle: "Count", hints: ["first", "second", "third"] };

describe("the hint ladder", () => {
  it("starts at the first rung and climbs one per hint given", () => {
    expect(nextHint(ladder, [])).toEqual({ index: 0, text: "first", label: "Hint 1 of 3" });
    const history = [
      { role: "user", content: "help" },
      { role: "assistant", content: 'Hint 1 of 3 for "Count": first' },
    ];
    expect(hintsGiven(history)).toBe(1);
    expect(nextHint(ladder, history)?.text).toBe("second");
  });

  it("ignores hint labels the student typed and stays on the top rung at the end", () => {
    expect(hintsGiven([{ role: "user", content: "Hint 3 of 3 please" }])).toBe(0);
    const climbed = [{ role: "assistant", content: "Hint 3 of 3: third" }];
    expect(nextHint(ladder, climbed)?.text).toBe("third");
    expect(nextHint({ exerciseTitle: "x", hints: [] }, climbed)).toBeNull();
  });
});

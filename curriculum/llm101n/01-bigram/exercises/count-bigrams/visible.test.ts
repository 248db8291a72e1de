import { expect, test } from "@nanoschool/harness";
import { countBigrams } from "@submission";

test("counts the five bigrams of 'emma'", () => {
  const counts = countBigrams(["emma"]);
  expect(counts.get(".e")).toBe(1);
  expect(counts.get("em")).toBe(1);
  expect(counts.get("mm")).toBe(1);
  expect(counts.get("ma")).toBe(1);
  expect(counts.get("a.")).toBe(1);
  expect(counts.size).toBe(5);
});

test("adds the counts of two words", () => {
  const counts = countBigrams(["ava", "ana"]);
  expect(counts.get(".a")).toBe(2);
  expect(counts.get("a.")).toBe(2);
  expect(counts.get("av")).toBe(1);
  expect(counts.get("na")).toBe(1);
});

test("stores no zero counts", () => {
  const counts = countBigrams(["bo"]);
  expect(counts.has("ob")).toBe(false);
  expect([...counts.keys()].sort()).toEqual([".b", "bo", "o."]);
});

import { expect, expectClose, test } from "@nanoschool/harness";
import { full } from "@nanoschool/tensor";
import { averageNll } from "@submission";

test("the uniform model scores ln 27 on any word", () => {
  const uniform = full([27, 27], 1 / 27);
  expectClose(averageNll(["emma"], uniform), Math.log(27));
  expectClose(averageNll(["bo", "alexandra"], uniform), Math.log(27));
});

test("a certain bigram costs nothing", () => {
  // Row "." puts everything on "a", row "a" everything on ".": the name "a" has probability 1.
  const probs = full([27, 27], 0);
  probs.slice(0, 1).add_(1);
  probs.slice(1, 0).add_(1);
  expectClose(averageNll(["a"], probs), 0);
});

test("returns a positive number for an imperfect model", () => {
  const probs = full([27, 27], 1 / 27);
  expect(averageNll(["zoe"], probs) > 0).toBe(true);
});

import { expect, expectClose, test } from "@nanoschool/harness";
import { tensor } from "@nanoschool/tensor";
import { sinusoidalPositions } from "@submission";

test("shape (T, C)", () => {
  expect(sinusoidalPositions(5, 8).shape).toEqual([5, 8]);
});

test("the first two positions with C = 4", () => {
  // frequencies 1 and 1/10000^(2/4) = 0.01
  expectClose(
    sinusoidalPositions(2, 4),
    tensor([
      [0, 1, 0, 1],
      [Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01)],
    ]),
  );
});

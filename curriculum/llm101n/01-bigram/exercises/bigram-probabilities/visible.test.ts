import { expect, expectClose, test } from "@nanoschool/harness";
import { tensor } from "@nanoschool/tensor";
import { bigramProbabilities } from "@submission";

test("divides each row by its total", () => {
  const P = bigramProbabilities(
    tensor([
      [1, 3],
      [2, 2],
    ]),
  );
  expectClose(
    P,
    tensor([
      [0.25, 0.75],
      [0.5, 0.5],
    ]),
  );
});

test("adds the smoothing to every count first", () => {
  const P = bigramProbabilities(
    tensor([
      [0, 2],
      [1, 1],
    ]),
    1,
  );
  expectClose(
    P,
    tensor([
      [0.25, 0.75],
      [0.5, 0.5],
    ]),
  );
});

test("every row sums to 1", () => {
  const P = bigramProbabilities(
    tensor([
      [5, 0, 1],
      [0, 0, 7],
      [2, 2, 2],
    ]),
  );
  expectClose(P.sum(1), tensor([1, 1, 1]));
  expect(P.dtype).toBe("float32");
});

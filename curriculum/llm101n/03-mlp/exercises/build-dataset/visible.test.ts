import { expect, test } from "@nanoschool/harness";
import { buildDataset } from "@submission";

test("emma with block size 3 gives five examples", () => {
  const { X, Y } = buildDataset(["emma"], 3);
  expect(X.shape).toEqual([5, 3]);
  // ... ..e .em emm mma
  expect(X.tolist()).toEqual([
    [0, 0, 0],
    [0, 0, 5],
    [0, 5, 13],
    [5, 13, 13],
    [13, 13, 1],
  ]);
  // e m m a .
  expect(Y.tolist()).toEqual([5, 13, 13, 1, 0]);
});

test("targets and contexts are int32", () => {
  const { X, Y } = buildDataset(["ava"], 2);
  expect(X.dtype).toBe("int32");
  expect(Y.dtype).toBe("int32");
});

test("the window restarts for every word", () => {
  const { X } = buildDataset(["al", "bo"], 2);
  // a l . then b o .: the fourth context is ".." again, not "l."
  expect(X.tolist()).toEqual([
    [0, 0],
    [0, 1],
    [1, 12],
    [0, 0],
    [0, 2],
    [2, 15],
  ]);
});

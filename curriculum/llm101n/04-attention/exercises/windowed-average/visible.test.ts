import { expectClose, test } from "@nanoschool/harness";
import { eye, tensor } from "@nanoschool/tensor";
import { windowedAverage, windowWeights } from "@submission";

test("window 2 over 4 positions", () => {
  expectClose(
    windowWeights(4, 2),
    tensor([
      [1, 0, 0, 0],
      [0.5, 0.5, 0, 0],
      [0, 0.5, 0.5, 0],
      [0, 0, 0.5, 0.5],
    ]),
  );
});

test("a window of one is the identity", () => {
  expectClose(windowWeights(3, 1), eye(3));
});

test("moving average of a short sequence", () => {
  const x = tensor([[[2], [4], [6], [8]]]); // (1, 4, 1)
  // window 3: 2, (2+4)/2, (2+4+6)/3, (4+6+8)/3
  expectClose(windowedAverage(x, 3), tensor([[[2], [3], [4], [6]]]));
});

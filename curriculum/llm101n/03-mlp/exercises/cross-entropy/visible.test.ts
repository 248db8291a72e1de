import { expect, expectClose, test } from "@nanoschool/harness";
import { tensor } from "@nanoschool/tensor";
import { crossEntropyFromLogits } from "@submission";

test("equal logits give log(V)", () => {
  const loss = crossEntropyFromLogits(tensor([[0, 0, 0, 0]]), tensor(new Int32Array([2])));
  expect(loss.shape).toEqual([]);
  expectClose(loss.item(), Math.log(4));
});

test("large logits do not overflow", () => {
  // -log softmax([100, 90, 80])[0] = log(1 + e^-10 + e^-20)
  const loss = crossEntropyFromLogits(tensor([[100, 90, 80]]), tensor(new Int32Array([0])));
  expectClose(loss.item(), Math.log(1 + Math.exp(-10) + Math.exp(-20)), { atol: 1e-7, rtol: 1e-3 });
});

test("the gradient is (softmax - onehot) / N", () => {
  const logits = tensor([
    [0, 0],
    [0, 0],
  ]).requiresGrad_();
  crossEntropyFromLogits(logits, tensor(new Int32Array([0, 1]))).backward();
  // softmax is [0.5, 0.5] in each row; minus the one-hot target, divided by N = 2.
  expectClose(
    logits.grad!,
    tensor([
      [-0.25, 0.25],
      [0.25, -0.25],
    ]),
  );
});

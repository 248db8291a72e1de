import { expect, expectClose, test } from "@nanoschool/harness";
import { MLP, trainStep } from "@submission";

function cycle(values: number[]): () => number {
  let k = 0;
  return () => values[k++ % values.length] ?? 0;
}

// The lesson's four examples.
const xs = [
  [1, -2, 0.5],
  [-1, 1, 2],
  [2, 0.5, -1],
  [0, -1, -2],
];
const ys = [-1, 1, 1, -1];

test("returns the mean squared error before the update", () => {
  const model = new MLP(3, [4, 1], cycle([0.2, 0.7, 0.4, 0.9, 0.1]));
  const preds = xs.map((x) => model.forward(x)[0]?.data ?? 0);
  const mse = preds.reduce((acc, p, i) => acc + (p - (ys[i] ?? 0)) ** 2, 0) / xs.length;
  expectClose(trainStep(model, xs, ys, 0.05), mse);
});

test("the loss goes down over a few steps", () => {
  const model = new MLP(3, [4, 4, 1], cycle([0.2, 0.7, 0.4, 0.9, 0.1]));
  const first = trainStep(model, xs, ys, 0.05);
  let last = first;
  for (let step = 0; step < 10; step++) last = trainStep(model, xs, ys, 0.05);
  expect(last < first).toBe(true);
});

import { backward } from "@exercise/02-micrograd/backward";
import { MLP, Value } from "@exercise/02-micrograd/mlp";

export { MLP, Value };

/** One step of gradient descent on the mean squared error; returns the loss before the update. */
export function trainStep(model: MLP, xs: number[][], ys: number[], learningRate: number): number {
  const preds = xs.map((x) => model.forward(x)[0] ?? new Value(0));
  // TODO: the loss must be the MEAN of (pred - y)^2 over the examples.
  const loss = preds.reduce((acc, pred, i) => acc.add(pred.sub(ys[i] ?? 0).pow(2)), new Value(0));
  // TODO: reset every parameter's grad to 0 here.
  backward(loss);
  // TODO: update every parameter: p.data -= learningRate * p.grad.
  void learningRate;
  return loss.data;
}

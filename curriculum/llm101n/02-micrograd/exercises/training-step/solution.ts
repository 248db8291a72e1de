import { backward } from "@exercise/02-micrograd/backward";
import { MLP, Value } from "@exercise/02-micrograd/mlp";

export { MLP, Value };

/** One step of gradient descent on the mean squared error; returns the loss before the update. */
export function trainStep(model: MLP, xs: number[][], ys: number[], learningRate: number): number {
  const preds = xs.map((x) => model.forward(x)[0] ?? new Value(0));
  const loss = preds
    .reduce((acc, pred, i) => acc.add(pred.sub(ys[i] ?? 0).pow(2)), new Value(0))
    .div(xs.length);
  const params = model.parameters();
  for (const p of params) p.grad = 0; // gradients accumulate, so clear last step's
  backward(loss);
  for (const p of params) p.data -= learningRate * p.grad;
  return loss.data;
}

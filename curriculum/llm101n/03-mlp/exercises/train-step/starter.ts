import type { Tensor } from "@nanoschool/tensor";
import { crossEntropy } from "@nanoschool/tensor/nn";

export interface MlpParams {
  C: Tensor; // (V, m)
  W1: Tensor; // (k*m, h)
  b1: Tensor; // (h)
  W2: Tensor; // (h, V)
  b2: Tensor; // (V)
}

/** The lesson's model: contexts X (N, k) -> logits (N, V). */
export function mlpLogits(p: MlpParams, X: Tensor): Tensor {
  const x = p.C.index(X).reshape(X.shape[0]!, -1); // (N, k*m)
  return x.matmul(p.W1).add(p.b1).tanh().matmul(p.W2).add(p.b2); // (N, V)
}

/** One step of gradient descent on the batch (X, Y); returns the loss before the update. */
export function trainStep(p: MlpParams, X: Tensor, Y: Tensor, lr: number): number {
  const loss = crossEntropy(mlpLogits(p, X), Y);
  // TODO: clear the old gradients, backpropagate, and move every parameter by -lr * its gradient.
  throw new Error(`TODO: backward and update (loss ${loss.item().toFixed(4)}, lr ${lr})`);
}

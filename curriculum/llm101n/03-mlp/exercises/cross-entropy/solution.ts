import type { Tensor } from "@nanoschool/tensor";

/**
 * Mean negative log-likelihood of targets (N) (int32) under softmax(logits) for logits (N, V),
 * as a scalar tensor, computed stably with the log-sum-exp trick.
 */
export function crossEntropyFromLogits(logits: Tensor, targets: Tensor): Tensor {
  // Shifting a row by a constant does not change its softmax; shifting by the row's max makes every
  // exponent <= 0 (no overflow) and one term of the sum exactly 1 (no log of 0).
  const shifted = logits.sub(logits.amax(-1, true).detach()); // (N, V)
  const logSumExp = shifted.exp().sum(-1, true).log(); // (N, 1)
  const logProbs = shifted.sub(logSumExp); // (N, V)
  const picked = logProbs.gather(1, targets.unsqueeze(1)); // (N, 1): log p(target)
  return picked.mean().neg();
}

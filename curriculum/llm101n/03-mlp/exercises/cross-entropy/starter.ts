import type { Tensor } from "@nanoschool/tensor";

/**
 * Mean negative log-likelihood of targets (N) (int32) under softmax(logits) for logits (N, V),
 * as a scalar tensor, computed stably with the log-sum-exp trick.
 */
export function crossEntropyFromLogits(logits: Tensor, targets: Tensor): Tensor {
  // TODO: subtract each row's maximum, then logsumexp(row) - row[target], averaged over the rows.
  throw new Error(
    `TODO: cross-entropy of logits ${JSON.stringify(logits.shape)} and targets ${JSON.stringify(targets.shape)}`,
  );
}

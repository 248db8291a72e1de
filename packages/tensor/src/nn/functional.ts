// Losses and attention as plain functions of tensors.
export { layerNorm } from "../tensor.ts";

import { fmt } from "../shape.ts";
import { attentionSoftmax, crossEntropyRows, Tensor } from "../tensor.ts";

/**
 * Cross-entropy of logits (N, C) (or (..., C)) against int32 class targets (N) (or (...)):
 * the mean over targets of -log softmax(logits)[target]. Targets equal to ignoreIndex are left
 * out of the mean (padding).
 */
export function crossEntropy(
  logits: Tensor,
  targets: Tensor,
  options: { ignoreIndex?: number } = {},
): Tensor {
  const ignoreIndex = options.ignoreIndex ?? -100;
  const classes = logits.shape[logits.ndim - 1] ?? 0;
  const what = `logits ${fmt(logits.shape)}, targets ${fmt(targets.shape)}`;
  if (logits.ndim < 1 || fmt(logits.shape.slice(0, -1)) !== fmt(targets.shape)) {
    throw new Error(
      `crossEntropy: ${what}: targets must have the logits' shape without the last (class) dim`,
    );
  }
  if (targets.dtype !== "int32") {
    throw new Error(`crossEntropy: ${what}: targets must be int32 class indices; convert with .int()`);
  }
  const flatTargets = targets.reshape(-1); // (N)
  for (const t of flatTargets.toArray()) {
    if (t !== ignoreIndex && (t < 0 || t >= classes)) {
      throw new Error(
        `crossEntropy: ${what}: target ${t} is out of range for ${classes} classes (0..${classes - 1})`,
      );
    }
  }
  // In plain ops this is
  //   valid = targets != ignoreIndex                                  (N) 1 where counted
  //   picked = logits.logSoftmax(-1).gather(1, targets[valid])        (N) log p(target)
  //   loss = -(picked * valid).sum() / valid.sum()
  // and its gradient is (softmax(logits) - onehot(targets)) / count on counted rows: one fused op does
  // both (crossEntropyRows in tensor.ts), instead of a dozen ops and temporaries each way.
  return crossEntropyRows(logits.reshape(-1, classes), flatTargets, ignoreIndex);
}

/** One-hot float32 vectors: ids (...) int32 -> (..., numClasses), 1 at each id (makemore's F.one_hot). */
export function oneHot(ids: Tensor, numClasses: number): Tensor {
  if (ids.dtype !== "int32")
    throw new Error(`oneHot: ids must be int32, got float32 ${fmt(ids.shape)}; use .int()`);
  const classes = new Tensor(
    Int32Array.from({ length: numClasses }, (_, i) => i),
    [numClasses],
  );
  return ids.unsqueeze(-1).eq(classes); // (..., 1) == (numClasses) broadcasts to (..., numClasses)
}

/** Mean squared error. */
export function mseLoss(input: Tensor, target: Tensor): Tensor {
  const diff = input.sub(target);
  return diff.mul(diff).mean();
}

/**
 * softmax(q k^T / sqrt(hs)) v for q (B, nh, T, hs), k and v (B, nh, S, hs). With isCausal, query t
 * only sees keys 0..t: the future is masked out before the softmax.
 */
export function scaledDotProductAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: { isCausal?: boolean } = {},
): Tensor {
  const hs = q.shape[q.ndim - 1]!;
  const scores = q.matmul(k.transpose(-2, -1)); // (B, nh, T, S)
  // Scale, causal mask and softmax in one fused op. In plain ops it is
  //   scores = scores.mul(1 / sqrt(hs))
  //   scores = scores.maskedFill(tril(ones(T, S)).eq(0), -Infinity)    the future gets weight 0
  //   weights = scores.softmax(-1)
  const weights = attentionSoftmax(scores, 1 / Math.sqrt(hs), options.isCausal ?? false); // (B, nh, T, S)
  return weights.matmul(v); // (B, nh, T, hs)
}

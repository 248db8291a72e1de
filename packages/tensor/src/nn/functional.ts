// Losses and attention as plain functions of tensors.
export { layerNorm } from "../tensor.ts";

import { fmt } from "../shape.ts";
import { crossEntropyRows, Tensor } from "../tensor.ts";

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

/** (T, S): 0 where key s <= query t (tril, as PyTorch's isCausal), -Infinity where s > t. */
function causalBias(T: number, S: number): Tensor {
  const bias = new Float32Array(T * S);
  for (let t = 0; t < T; t++)
    for (let s = 0; s < S; s++) bias[t * S + s] = s > t ? Number.NEGATIVE_INFINITY : 0;
  return new Tensor(bias, [T, S]);
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
  // Scale q rather than the scores: (B, nh, T, hs) is smaller than (B, nh, T, S) when S > hs.
  let att = q.mul(1 / Math.sqrt(hs)).matmul(k.transpose(-2, -1)); // (B, nh, T, S)
  if (options.isCausal) {
    // Add 0 on and below the diagonal and -Infinity above it: softmax then gives the future weight 0.
    // (The same as maskedFill(future, -Infinity), as one broadcast add.)
    att = att.add(causalBias(att.shape[att.ndim - 2]!, att.shape[att.ndim - 1]!)); // (T, S) broadcast
  }
  return att.softmax(-1).matmul(v); // (B, nh, T, hs)
}

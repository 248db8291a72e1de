import { attentionHead, type HeadWeights } from "@exercise/04-attention/attention-head";
import type { Tensor } from "@nanoschool/tensor";

export type { HeadWeights };

/** Several heads on the same x (B, T, C), concatenated (B, T, h*hs), then projected: (B, T, C_out). */
export function multiHeadAttention(
  x: Tensor,
  heads: HeadWeights[],
  proj: { weight: Tensor; bias: Tensor },
): Tensor {
  const outputs = heads.map((w) => attentionHead(x, w)); // h tensors of (B, T, hs)
  // TODO: concatenate the outputs along the last dimension, then apply the projection.
  throw new Error(
    `TODO: concatenate ${outputs.length} heads and project with a weight of shape ${JSON.stringify(proj.weight.shape)}`,
  );
}

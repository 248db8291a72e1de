import { attentionHead, type HeadWeights } from "@exercise/04-attention/attention-head";
import { cat, type Tensor } from "@nanoschool/tensor";

export type { HeadWeights };

/** Several heads on the same x (B, T, C), concatenated (B, T, h*hs), then projected: (B, T, C_out). */
export function multiHeadAttention(
  x: Tensor,
  heads: HeadWeights[],
  proj: { weight: Tensor; bias: Tensor },
): Tensor {
  const outputs = heads.map((w) => attentionHead(x, w)); // h tensors of (B, T, hs)
  return cat(outputs, -1).matmul(proj.weight).add(proj.bias); // (B, T, h*hs) -> (B, T, C_out)
}

import type { Tensor } from "@nanoschool/tensor";

/** The projections of one head, each (C, hs): q = x @ query, k = x @ key, v = x @ value. */
export interface HeadWeights {
  query: Tensor;
  key: Tensor;
  value: Tensor;
}

/** One causal self-attention head: x (B, T, C) -> (B, T, hs). */
export function attentionHead(x: Tensor, w: HeadWeights): Tensor {
  const q = x.matmul(w.query); // (B, T, hs)
  const k = x.matmul(w.key); // (B, T, hs)
  const v = x.matmul(w.value); // (B, T, hs)
  // TODO: scaled scores (B, T, T), the causal mask, softmax, and the weighted sum of the values.
  throw new Error(
    `TODO: attention of q ${JSON.stringify(q.shape)}, k ${JSON.stringify(k.shape)}, v ${JSON.stringify(v.shape)}`,
  );
}

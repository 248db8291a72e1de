import { ones, type Tensor } from "@nanoschool/tensor";

/** The projections of one head, each (C, hs): q = x @ query, k = x @ key, v = x @ value. */
export interface HeadWeights {
  query: Tensor;
  key: Tensor;
  value: Tensor;
}

/** One causal self-attention head: x (B, T, C) -> (B, T, hs). */
export function attentionHead(x: Tensor, w: HeadWeights): Tensor {
  const T = x.shape[1]!;
  const hs = w.query.shape[1]!;
  const q = x.matmul(w.query); // (B, T, hs)
  const k = x.matmul(w.key); // (B, T, hs)
  const v = x.matmul(w.value); // (B, T, hs)
  const scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(hs)); // (B, T, T), unit variance
  const future = ones([T, T]).tril().eq(0); // (T, T): 1 where s > t
  const weights = scores.maskedFill(future, Number.NEGATIVE_INFINITY).softmax(-1); // rows sum to 1
  return weights.matmul(v); // (B, T, hs)
}

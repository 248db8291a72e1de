import type { Tensor } from "@nanoschool/tensor";

export interface BengioParams {
  C: Tensor; // (V, m) embeddings
  H: Tensor; // (k*m, h) hidden weights
  d: Tensor; // (h) hidden bias
  U: Tensor; // (h, V) hidden to output
  W: Tensor; // (k*m, V) direct connections
  b: Tensor; // (V) output bias
}

/** Logits (N, V) of Bengio et al. 2003 for contexts X (N, k): b + x W + tanh(d + x H) U. */
export function bengioLogits(X: Tensor, p: BengioParams): Tensor {
  const x = p.C.index(X).reshape(X.shape[0]!, -1); // (N, k*m)
  const hidden = x.matmul(p.H).add(p.d).tanh(); // (N, h)
  return hidden.matmul(p.U).add(x.matmul(p.W)).add(p.b); // (N, V)
}

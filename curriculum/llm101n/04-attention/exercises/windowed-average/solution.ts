import { ones, type Tensor } from "@nanoschool/tensor";

/** (T, T) weights: row t averages positions t-window+1..t (clipped at 0). */
export function windowWeights(T: number, window: number): Tensor {
  // tril keeps s <= t; triu(-(window - 1)) keeps s >= t - window + 1: together a band of `window` diagonals.
  const band = ones([T, T])
    .tril()
    .triu(-(window - 1)); // (T, T)
  return band.div(band.sum(1, true)); // rows sum to 1
}

/** Moving averages over the last `window` positions of x (B, T, C) -> (B, T, C). */
export function windowedAverage(x: Tensor, window: number): Tensor {
  return windowWeights(x.shape[1]!, window).matmul(x); // (T, T) @ (B, T, C) -> (B, T, C)
}

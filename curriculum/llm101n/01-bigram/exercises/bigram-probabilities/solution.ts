import { type Tensor, where } from "@nanoschool/tensor";

/**
 * Row-normalise a (V, V) tensor of bigram counts into next-character probabilities, after adding
 * `smoothing` to every count. A row that sums to 0 stays all zeros.
 */
export function bigramProbabilities(counts: Tensor, smoothing = 0): Tensor {
  const numerators = counts.float().add(smoothing); // (V, V), a new tensor: counts stay untouched
  const totals = numerators.sum(1, true); // (V, 1): one total per row, broadcast across the row
  return numerators.div(where(totals.gt(0), totals, 1)); // an empty row divides 0 by 1
}

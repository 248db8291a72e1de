import type { Tensor } from "@nanoschool/tensor";

/**
 * Row-normalise a (V, V) tensor of bigram counts into next-character probabilities, after adding
 * `smoothing` to every count. A row that sums to 0 stays all zeros.
 */
export function bigramProbabilities(counts: Tensor, smoothing = 0): Tensor {
  // TODO: add the smoothing, divide each row by its total (keep the summed dim!), guard empty rows.
  return counts.float().add(smoothing);
}

import type { Tensor } from "@nanoschool/tensor";

/**
 * The average negative log-likelihood of the words' bigrams under `probs`, a (27, 27) tensor over
 * ".abcdefghijklmnopqrstuvwxyz" ("." = 0, "a" = 1, ..., "z" = 26).
 */
export function averageNll(words: string[], probs: Tensor): number {
  // TODO: sum -log P[first][second] over every bigram of every padded word, then divide by the count.
  void words;
  void probs;
  return 0;
}

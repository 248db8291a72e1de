import type { Generator, Tensor } from "@nanoschool/tensor";

/**
 * Sample one name from bigram probabilities: start at index 0 ("."), draw each next index with one
 * multinomial draw from the current row (each probability raised to 1 / temperature), stop when
 * index 0 comes back.
 */
export function sampleName(probs: Tensor, itos: string[], generator: Generator, temperature = 1): string {
  // TODO: loop: draw the next index from row `ix` with multinomial(..., 1, { replacement: true, generator }).
  void probs;
  void itos;
  void generator;
  void temperature;
  throw new Error("TODO: sampleName");
}

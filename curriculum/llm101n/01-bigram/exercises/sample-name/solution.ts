import { type Generator, multinomial, type Tensor } from "@nanoschool/tensor";

/**
 * Sample one name from bigram probabilities: start at index 0 ("."), draw each next index with one
 * multinomial draw from the current row (each probability raised to 1 / temperature), stop when
 * index 0 comes back.
 */
export function sampleName(probs: Tensor, itos: string[], generator: Generator, temperature = 1): string {
  let name = "";
  let ix = 0;
  while (true) {
    const row = probs.slice(ix).pow(1 / temperature); // (V) weights; multinomial renormalises
    ix = multinomial(row, 1, { replacement: true, generator }).item();
    if (ix === 0) return name;
    name += itos[ix];
  }
}

import { type Generator, multinomial, type Tensor } from "@nanoschool/tensor";

/**
 * Sample one name from bigram probabilities: start at index 0 ("."), draw each next index with one
 * multinomial draw from the current row, stop when index 0 comes back.
 */
export function sampleName(probs: Tensor, itos: string[], generator: Generator): string {
  let name = "";
  let ix = 0;
  while (true) {
    ix = multinomial(probs.slice(ix), 1, { replacement: true, generator }).item();
    if (ix === 0) return name;
    name += itos[ix];
  }
}

import type { Tensor } from "@nanoschool/tensor";

/** "." is 0, "a" is 1, ..., "z" is 26. */
function indexOf(ch: string): number {
  return ch === "." ? 0 : ch.charCodeAt(0) - 96;
}

/**
 * The average negative log-likelihood of the words' bigrams under `probs`, a (27, 27) tensor over
 * ".abcdefghijklmnopqrstuvwxyz" ("." = 0, "a" = 1, ..., "z" = 26).
 */
export function averageNll(words: string[], probs: Tensor): number {
  const p = probs.tolist() as number[][]; // read the table once; item() per bigram would be slow
  let sum = 0;
  let n = 0;
  for (const word of words) {
    const chs = [".", ...word, "."];
    for (let i = 0; i + 1 < chs.length; i++) {
      const row = p[indexOf(chs[i] ?? ".")] ?? [];
      sum -= Math.log(row[indexOf(chs[i + 1] ?? ".")] ?? 0);
      n++;
    }
  }
  if (n === 0) throw new Error("averageNll: no bigrams to average; pass at least one word");
  return sum / n;
}

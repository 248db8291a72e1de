import { type Tensor, tensor } from "@nanoschool/tensor";

/** Index of a vocabulary symbol: "." is 0, "a".."z" are 1..26. */
export function charIndex(ch: string): number {
  return ch === "." ? 0 : ch.charCodeAt(0) - 96;
}

/**
 * Contexts X (N, blockSize) and targets Y (N), both int32, from every word: one example per
 * character and one for the end marker, with the context padded on the left by "." (0).
 */
export function buildDataset(words: string[], blockSize: number): { X: Tensor; Y: Tensor } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const word of words) {
    let context: number[] = Array(blockSize).fill(0);
    for (const ch of `${word}.`) {
      const ix = charIndex(ch);
      xs.push(...context);
      ys.push(ix);
      context = [...context.slice(1), ix];
    }
  }
  return { X: tensor(new Int32Array(xs)).reshape(ys.length, blockSize), Y: tensor(new Int32Array(ys)) };
}

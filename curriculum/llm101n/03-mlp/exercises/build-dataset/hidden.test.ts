import { probe } from "@nanoschool/harness";
import { buildDataset } from "@submission";

const letters = "abcdefghijklmnopqrstuvwxyz";

/** A random lowercase word of length lo..hi, built from rng so both runs see the same words. */
function randomWord(rng: { int(lo: number, hi: number): number }, lo: number, hi: number): string {
  const length = lo + (rng.int(0, 1000) % (hi - lo + 1));
  let word = "";
  for (let i = 0; i < length; i++) word += letters[rng.int(0, 1000) % 26];
  return word;
}

probe("contexts and targets of random names", {
  input: (rng) => ({ words: Array.from({ length: 6 }, () => randomWord(rng, 2, 9)) }),
  run: ({ words }) => {
    const { X, Y } = buildDataset(words, 3);
    return { X, Y };
  },
  tolerance: { atol: 0, rtol: 0 },
});

probe("any block size", {
  input: (rng) => ({
    words: Array.from({ length: 4 }, () => randomWord(rng, 1, 7)),
    blockSize: 1 + (rng.int(0, 1000) % 7),
  }),
  run: ({ words, blockSize }) => {
    const { X, Y } = buildDataset(words, blockSize);
    return { X, Y };
  },
  tolerance: { atol: 0, rtol: 0 },
});

probe("one-letter names", {
  input: (rng) => ({ words: [randomWord(rng, 1, 1), randomWord(rng, 1, 1), randomWord(rng, 3, 4)] }),
  run: ({ words }) => {
    const { X, Y } = buildDataset(words, 4);
    return { X, Y };
  },
  tolerance: { atol: 0, rtol: 0 },
});

probe("an empty list", {
  input: (rng) => ({ blockSize: 2 + (rng.int(0, 1000) % 4) }),
  run: ({ blockSize }) => {
    const { X, Y } = buildDataset([], blockSize);
    return { xShape: [...X.shape], yShape: [...Y.shape], xDtype: X.dtype, yDtype: Y.dtype };
  },
  tolerance: { atol: 0, rtol: 0 },
});

probe("dtypes and shapes", {
  input: (rng) => ({
    words: Array.from({ length: 3 }, () => randomWord(rng, 2, 6)),
    blockSize: 2 + (rng.int(0, 1000) % 3),
  }),
  run: ({ words, blockSize }) => {
    const { X, Y } = buildDataset(words, blockSize);
    return { xShape: [...X.shape], yShape: [...Y.shape], xDtype: X.dtype, yDtype: Y.dtype };
  },
  tolerance: { atol: 0, rtol: 0 },
});

import { probe } from "@nanoschool/harness";
import { type Tensor, tensor } from "@nanoschool/tensor";
import { averageNll } from "@submission";

type Rng = { int(lo: number, hi: number): number };

// Random smoothed bigram probabilities: every entry is positive, rows sum to 1.
function randomProbs(counts: number[]): Tensor {
  const t = tensor(counts).reshape(27, 27);
  return t.div(t.sum(1, true));
}
const randomCounts = (rng: Rng) => Array.from({ length: 27 * 27 }, () => rng.int(1, 40));

probe("scores one word", {
  input: (rng) => ({ words: rng.words(1, { minLength: 1, maxLength: 9 }), counts: randomCounts(rng) }),
  run: ({ words, counts }) => averageNll(words, randomProbs(counts)),
});

probe("averages over all bigrams, not over words", {
  input: (rng) => ({
    words: [
      ...rng.words(3, { minLength: 1, maxLength: 2 }),
      ...rng.words(3, { minLength: 8, maxLength: 12 }),
    ],
    counts: randomCounts(rng),
  }),
  run: ({ words, counts }) => averageNll(words, randomProbs(counts)),
});

probe("reads the row of the first character", {
  input: (rng) => ({ words: rng.words(20, { minLength: 2, maxLength: 7 }), counts: randomCounts(rng) }),
  run: ({ words, counts }) => {
    // Asymmetric on purpose: a transposed lookup scores differently.
    const probs = randomProbs(counts);
    return [
      averageNll(words, probs),
      averageNll(
        words.map((w) => [...w].reverse().join("")),
        probs,
      ),
    ];
  },
});

probe("refuses an empty list", {
  input: (rng) => ({ counts: randomCounts(rng) }),
  run: ({ counts }) => {
    try {
      const result = averageNll([], randomProbs(counts));
      return `returned ${result}`;
    } catch {
      return "threw";
    }
  },
  tolerance: { atol: 0, rtol: 0 },
});

import { probe } from "@nanoschool/harness";
import { countBigrams } from "@submission";

// Observe the counts as a plain object with sorted keys, so the order of insertion does not matter.
function observe(words: string[]): Record<string, number> {
  const counts = countBigrams(words);
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

probe("counts every pair in one word", {
  input: (rng) => ({ words: rng.words(1, { minLength: 2, maxLength: 9 }) }),
  run: ({ words }) => observe(words),
  tolerance: { atol: 0, rtol: 0 },
});

probe("adds up counts across many words", {
  input: (rng) => ({ words: rng.words(40, { minLength: 1, maxLength: 9 }) }),
  run: ({ words }) => observe(words),
  tolerance: { atol: 0, rtol: 0 },
});

probe("counts a repeated word once per occurrence", {
  input: (rng) => {
    const [word = "ab"] = rng.words(1, { minLength: 2, maxLength: 6 });
    return { words: [word, ...rng.words(3, { minLength: 2, maxLength: 6 }), word, word] };
  },
  run: ({ words }) => observe(words),
  tolerance: { atol: 0, rtol: 0 },
});

probe("marks the start and end of one-letter names", {
  input: (rng) => ({ words: rng.words(6, { minLength: 1, maxLength: 1 }) }),
  run: ({ words }) => observe(words),
  tolerance: { atol: 0, rtol: 0 },
});

probe("handles an empty list", {
  input: () => ({ words: [] as string[] }),
  run: ({ words }) => ({ size: countBigrams(words).size }),
  tolerance: { atol: 0, rtol: 0 },
});

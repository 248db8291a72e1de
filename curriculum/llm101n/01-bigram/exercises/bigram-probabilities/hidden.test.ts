import { probe } from "@nanoschool/harness";
import { tensor } from "@nanoschool/tensor";
import { bigramProbabilities } from "@submission";

type Rng = { int(lo: number, hi: number): number; float(): number };

// A (V, V) table of random integer counts between lo and hi.
function randomCounts(rng: Rng, V: number, lo: number, hi: number): number[][] {
  return Array.from({ length: V }, () => Array.from({ length: V }, () => rng.int(lo, hi)));
}

probe("normalises each row", {
  input: (rng) => ({ counts: randomCounts(rng, 27, 1, 60) }),
  run: ({ counts }) => bigramProbabilities(tensor(counts, { dtype: "int32" })),
});

probe("applies additive smoothing", {
  input: (rng) => ({ counts: randomCounts(rng, 27, 0, 30), k: [0.5, 1, 3, 10][rng.int(0, 4)] ?? 1 }),
  run: ({ counts, k }) => bigramProbabilities(tensor(counts, { dtype: "int32" }), k),
});

probe("works for any alphabet size", {
  input: (rng) => {
    const V = rng.int(2, 7);
    return { counts: randomCounts(rng, V, 0, 9), k: rng.float() };
  },
  run: ({ counts, k }) => bigramProbabilities(tensor(counts), k),
});

probe("leaves an empty row at zero", {
  input: (rng) => {
    const counts = randomCounts(rng, 6, 1, 9);
    const empty = rng.int(0, 6);
    counts[empty] = [0, 0, 0, 0, 0, 0];
    return { counts };
  },
  run: ({ counts }) => bigramProbabilities(tensor(counts, { dtype: "int32" })),
});

probe("does not change the counts it was given", {
  input: (rng) => ({ counts: randomCounts(rng, 5, 0, 9) }),
  run: ({ counts }) => {
    const t = tensor(counts);
    bigramProbabilities(t, 1);
    return t.tolist();
  },
  tolerance: { atol: 0, rtol: 0 },
});

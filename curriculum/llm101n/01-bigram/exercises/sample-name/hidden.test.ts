import { probe } from "@nanoschool/harness";
import { Generator, type Tensor, tensor } from "@nanoschool/tensor";
import { sampleName } from "@submission";

type Rng = { int(lo: number, hi: number): number };

const letters = [".", ..."abcdefghijklmnopqrstuvwxyz"];

// Random bigram counts over V characters where ending (column 0) is likely, so names stay short.
function randomCounts(rng: Rng, V: number): number[][] {
  return Array.from({ length: V }, (_, i) =>
    Array.from({ length: V }, (_, j) => (j === 0 ? (i === 0 ? 0 : rng.int(5, 15)) : rng.int(0, 10))),
  );
}

function normalise(rows: number[][]): Tensor {
  const counts = tensor(rows);
  return counts.div(counts.sum(1, true));
}

probe("follows a deterministic chain", {
  input: (rng) => {
    // A random path through distinct letters: 0 -> a1 -> a2 -> ... -> 0, as one-hot rows.
    const path: number[] = [];
    const length = rng.int(1, 8);
    while (path.length < length) {
      const ix = rng.int(1, 27);
      if (!path.includes(ix)) path.push(ix);
    }
    const next = Array.from({ length: 27 }, () => 0);
    [0, ...path].forEach((from, k) => {
      next[from] = path[k] ?? 0;
    });
    return { next, seed: rng.seed };
  },
  run: ({ next, seed }) => {
    const probs = tensor(next.map((to) => letters.map((_, j) => (j === to ? 1 : 0))));
    return sampleName(probs, letters, new Generator(seed));
  },
  tolerance: { atol: 0, rtol: 0 },
});

probe("matches the reference sampler for a fixed seed", {
  input: (rng) => ({ seed: rng.seed, counts: randomCounts(rng, 27) }),
  run: ({ seed, counts }) => sampleName(normalise(counts), letters, new Generator(seed)),
  tolerance: { atol: 0, rtol: 0 },
});

probe("keeps drawing from the same generator across names", {
  input: (rng) => ({ seed: rng.seed, counts: randomCounts(rng, 27) }),
  run: ({ seed, counts }) => {
    const probs = normalise(counts);
    const generator = new Generator(seed);
    return Array.from({ length: 8 }, () => sampleName(probs, letters, generator));
  },
  tolerance: { atol: 0, rtol: 0 },
});

probe("applies the temperature", {
  input: (rng) => ({
    seed: rng.seed,
    counts: randomCounts(rng, 27),
    temperature: rng.pick([0.5, 0.8, 1.5, 2]),
  }),
  run: ({ seed, counts, temperature }) => {
    const probs = normalise(counts);
    const generator = new Generator(seed);
    return Array.from({ length: 6 }, () => sampleName(probs, letters, generator, temperature));
  },
  tolerance: { atol: 0, rtol: 0 },
});

probe("works with a small alphabet", {
  input: (rng) => ({ seed: rng.seed, counts: randomCounts(rng, 4) }),
  run: ({ seed, counts }) => {
    const probs = normalise(counts);
    const generator = new Generator(seed);
    return Array.from({ length: 5 }, () => sampleName(probs, [".", "x", "y", "z"], generator));
  },
  tolerance: { atol: 0, rtol: 0 },
});

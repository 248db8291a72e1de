import { probe } from "@nanoschool/harness";
import { Generator, randn } from "@nanoschool/tensor";
import { windowedAverage, windowWeights } from "@submission";

interface Case {
  seed: number;
  B: number;
  T: number;
  C: number;
  window: number;
}

type Rng = { int(lo: number, hi: number): number; seed: number };
const pick = (rng: Rng, lo: number, hi: number) => lo + (rng.int(0, 1000) % (hi - lo + 1));

const randomCase = (rng: Rng): Case => {
  const T = pick(rng, 3, 10);
  // 2 <= window < T: a true band, neither the identity nor the full causal average (those have probes of their own)
  return { seed: rng.seed, B: pick(rng, 1, 3), T, C: pick(rng, 1, 4), window: pick(rng, 2, T - 1) };
};

const input = ({ seed, B, T, C }: Case) => randn([B, T, C], { generator: new Generator(seed) });

probe("weights for random sizes", {
  input: randomCase,
  run: ({ T, window }: Case) => windowWeights(T, window),
});

probe("averages of a random batch", {
  input: randomCase,
  run: (c: Case) => windowedAverage(input(c), c.window),
});

probe("gradient flows back to the input", {
  input: randomCase,
  run: (c: Case) => {
    const x = input(c).requiresGrad_();
    const g = new Generator(c.seed + 1);
    windowedAverage(x, c.window)
      .mul(randn([c.B, c.T, c.C], { generator: g }))
      .sum()
      .backward();
    return x.grad ?? null;
  },
});

probe("a window of one", {
  input: (rng: Rng) => ({ ...randomCase(rng), window: 1 }),
  run: (c: Case) => ({ weights: windowWeights(c.T, 1), averages: windowedAverage(input(c), 1) }),
});

probe("a window longer than the sequence", {
  input: (rng: Rng) => {
    const c = randomCase(rng);
    return { ...c, window: c.T + pick(rng, 1, 5) };
  },
  run: (c: Case) => ({
    weights: windowWeights(c.T, c.window),
    averages: windowedAverage(input(c), c.window),
  }),
});

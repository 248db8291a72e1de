import { probe } from "@nanoschool/harness";
import { Generator } from "@nanoschool/tensor";
import { MLP, trainStep } from "@submission";

type Rng = { float(): number; int(lo: number, hi: number): number; seed: number };

const uniformFrom = (seed: number) => {
  const gen = new Generator(seed);
  return () => gen.random();
};

// A small random regression problem: n points with 2 features and targets in [-1, 1].
function dataset(rng: Rng, n: number) {
  const xs = Array.from({ length: n }, () => [2 * rng.float() - 1, 2 * rng.float() - 1]);
  const ys = Array.from({ length: n }, () => 2 * rng.float() - 1);
  return { xs, ys };
}

probe("returns the loss before the update", {
  input: (rng) => ({ seed: rng.seed, ...dataset(rng, 5) }),
  run: ({ seed, xs, ys }) => trainStep(new MLP(2, [4, 1], uniformFrom(seed)), xs, ys, 0.1),
});

probe("updates every parameter against its gradient", {
  input: (rng) => ({ seed: rng.seed, lr: 0.05 + 0.2 * rng.float(), ...dataset(rng, 6) }),
  run: ({ seed, lr, xs, ys }) => {
    const model = new MLP(2, [3, 1], uniformFrom(seed));
    trainStep(model, xs, ys, lr);
    return model.parameters().map((p) => p.data);
  },
});

probe("resets gradients before backpropagating", {
  input: (rng) => ({ seed: rng.seed, ...dataset(rng, 4) }),
  run: ({ seed, xs, ys }) => {
    const model = new MLP(2, [3, 1], uniformFrom(seed));
    const losses = [0, 1, 2].map(() => trainStep(model, xs, ys, 0.1));
    return { losses, params: model.parameters().map((p) => p.data) };
  },
});

probe("reduces the loss on a small dataset", {
  input: (rng) => ({ seed: rng.seed, ...dataset(rng, 8) }),
  run: ({ seed, xs, ys }) => {
    const model = new MLP(2, [5, 5, 1], uniformFrom(seed));
    return Array.from({ length: 10 }, () => trainStep(model, xs, ys, 0.1));
  },
});

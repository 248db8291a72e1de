import { probe } from "@nanoschool/harness";
import { Generator, randint, randn, type Tensor } from "@nanoschool/tensor";
import { trainStep } from "@submission";

interface Case {
  seed: number;
  N: number;
  k: number;
  V: number;
  m: number;
  h: number;
  lr: number;
}

type Rng = { int(lo: number, hi: number): number; seed: number };
const pick = (rng: Rng, lo: number, hi: number) => lo + (rng.int(0, 1000) % (hi - lo + 1));

const randomCase = (rng: Rng): Case => ({
  seed: rng.seed,
  N: pick(rng, 2, 12),
  k: pick(rng, 1, 4),
  V: pick(rng, 3, 9),
  m: pick(rng, 2, 4),
  h: pick(rng, 3, 10),
  lr: [0.05, 0.1, 0.5][pick(rng, 0, 2)]!,
});

/** A random model and batches, the same in both runs (from the probe's seed). */
function make({ seed, N, k, V, m, h }: Case) {
  const g = new Generator(seed);
  const param = (shape: number[], scale: number) => randn(shape, { generator: g }).mul(scale).requiresGrad_();
  const p = {
    C: param([V, m], 1),
    W1: param([k * m, h], 0.5),
    b1: param([h], 0.1),
    W2: param([h, V], 0.5),
    b2: param([V], 0.1),
  };
  const batch = () => ({
    X: randint(0, V, [N, k], { generator: g }),
    Y: randint(0, V, [N], { generator: g }),
  });
  return { p, batch };
}

const values = (p: Record<string, Tensor>) =>
  Object.fromEntries(Object.entries(p).map(([name, t]) => [name, t.detach()]));

probe("one step updates every parameter", {
  input: randomCase,
  run: (c: Case) => {
    const { p, batch } = make(c);
    const { X, Y } = batch();
    trainStep(p, X, Y, c.lr);
    return values(p);
  },
});

probe("several steps in a row", {
  input: randomCase,
  run: (c: Case) => {
    const { p, batch } = make(c);
    const losses: number[] = [];
    for (let step = 0; step < 3; step++) {
      const { X, Y } = batch();
      losses.push(trainStep(p, X, Y, c.lr));
    }
    return { losses, params: values(p) };
  },
});

probe("returns the loss before the update", {
  input: randomCase,
  run: (c: Case) => {
    const { p, batch } = make(c);
    const { X, Y } = batch();
    return trainStep(p, X, Y, c.lr);
  },
});

probe("a batch of one", {
  input: (rng: Rng) => ({ ...randomCase(rng), N: 1 }),
  run: (c: Case) => {
    const { p, batch } = make(c);
    const { X, Y } = batch();
    const loss = trainStep(p, X, Y, c.lr);
    return { loss, params: values(p) };
  },
});

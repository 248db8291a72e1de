import { probe } from "@nanoschool/harness";
import { Generator, randint, randn } from "@nanoschool/tensor";
import { crossEntropyFromLogits } from "@submission";

interface Case {
  seed: number;
  N: number;
  V: number;
  scale: number;
  shift: number;
}

/** Random logits (N, V) * scale + shift and targets, the same in both runs (from the probe's seed). */
function data({ seed, N, V, scale, shift }: Case) {
  const g = new Generator(seed);
  const logits = randn([N, V], { generator: g }).mul(scale).add(shift).requiresGrad_();
  const targets = randint(0, V, [N], { generator: g });
  return { logits, targets };
}

const randomCase = (
  rng: { int(lo: number, hi: number): number; seed: number },
  scale: number,
  shift: number,
): Case => ({
  seed: rng.seed,
  N: 2 + (rng.int(0, 1000) % 7),
  V: 2 + (rng.int(0, 1000) % 9),
  scale,
  shift,
});

probe("loss of random logits", {
  input: (rng) => randomCase(rng, 3, 0),
  run: (c: Case) => {
    const { logits, targets } = data(c);
    return crossEntropyFromLogits(logits, targets).item();
  },
});

probe("gradient with respect to the logits", {
  input: (rng) => randomCase(rng, 2, 0),
  run: (c: Case) => {
    const { logits, targets } = data(c);
    crossEntropyFromLogits(logits, targets).backward();
    return logits.grad ?? null;
  },
});

probe("huge logits stay finite", {
  input: (rng) => randomCase(rng, 1000, 500),
  run: (c: Case) => {
    const { logits, targets } = data(c);
    const loss = crossEntropyFromLogits(logits, targets);
    loss.backward();
    return { loss: loss.item(), grad: logits.grad ?? null };
  },
  tolerance: { atol: 1e-4, rtol: 1e-4 },
});

probe("very negative logits", {
  input: (rng) => randomCase(rng, 1, -2000),
  run: (c: Case) => {
    const { logits, targets } = data(c);
    const loss = crossEntropyFromLogits(logits, targets);
    loss.backward();
    return { loss: loss.item(), grad: logits.grad ?? null };
  },
  tolerance: { atol: 1e-3, rtol: 1e-4 },
});

probe("a single example", {
  input: (rng) => ({ seed: rng.seed, N: 1, V: 2 + (rng.int(0, 1000) % 5), scale: 2, shift: 0 }),
  run: (c: Case) => {
    const { logits, targets } = data(c);
    const loss = crossEntropyFromLogits(logits, targets);
    loss.backward();
    return { shape: [...loss.shape], loss: loss.item(), grad: logits.grad ?? null };
  },
});

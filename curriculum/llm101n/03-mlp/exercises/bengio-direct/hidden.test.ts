import { probe } from "@nanoschool/harness";
import { Generator, randint, randn, type Tensor } from "@nanoschool/tensor";
import { bengioLogits } from "@submission";

interface Sizes {
  seed: number;
  N: number;
  k: number;
  V: number;
  m: number;
  h: number;
}

/** A random model and batch, the same in both runs because it comes from the probe's seed. */
function model({ seed, N, k, V, m, h }: Sizes) {
  const g = new Generator(seed);
  const p = {
    C: randn([V, m], { generator: g }).requiresGrad_(),
    H: randn([k * m, h], { generator: g })
      .mul(0.5)
      .requiresGrad_(),
    d: randn([h], { generator: g }).requiresGrad_(),
    U: randn([h, V], { generator: g }).requiresGrad_(),
    W: randn([k * m, V], { generator: g }).requiresGrad_(),
    b: randn([V], { generator: g }).requiresGrad_(),
  };
  const X = randint(0, V, [N, k], { generator: g });
  const R = randn([N, V], { generator: g }); // random weights for a scalar to backpropagate
  return { p, X, R };
}

const sizes = (rng: { int(lo: number, hi: number): number; seed: number }): Sizes => ({
  seed: rng.seed,
  N: 1 + (rng.int(0, 1000) % 6),
  k: 1 + (rng.int(0, 1000) % 4),
  V: 4 + (rng.int(0, 1000) % 9),
  m: 2 + (rng.int(0, 1000) % 4),
  h: 3 + (rng.int(0, 1000) % 8),
});

probe("logits of a random model", {
  input: sizes,
  run: (s: Sizes) => {
    const { p, X } = model(s);
    return bengioLogits(X, p);
  },
});

probe("gradients reach every parameter", {
  input: sizes,
  run: (s: Sizes) => {
    const { p, X, R } = model(s);
    bengioLogits(X, p).mul(R).sum().backward();
    const grad = (t: Tensor) => t.grad ?? null;
    return { C: grad(p.C), H: grad(p.H), d: grad(p.d), U: grad(p.U), W: grad(p.W), b: grad(p.b) };
  },
});

probe("one context of one character", {
  input: (rng) => ({ seed: rng.seed, N: 1, k: 1, V: 5, m: 3, h: 4 }),
  run: (s: Sizes) => {
    const { p, X, R } = model(s);
    const logits = bengioLogits(X, p);
    logits.mul(R).sum().backward();
    return { logits, gradW: p.W.grad ?? null, gradC: p.C.grad ?? null };
  },
});

import { probe } from "@nanoschool/harness";
import { cat, Generator, randn } from "@nanoschool/tensor";
import { attentionHead } from "@submission";

interface Case {
  seed: number;
  B: number;
  T: number;
  C: number;
  hs: number;
}

type Rng = { int(lo: number, hi: number): number; seed: number };
const pick = (rng: Rng, lo: number, hi: number) => lo + (rng.int(0, 1000) % (hi - lo + 1));

const randomCase = (rng: Rng): Case => ({
  seed: rng.seed,
  B: pick(rng, 1, 3),
  T: pick(rng, 2, 8),
  C: pick(rng, 2, 8),
  hs: pick(rng, 2, 6),
});

/** Inputs and weights with requiresGrad, the same in both runs (from the probe's seed). */
function make({ seed, B, T, C, hs }: Case) {
  const g = new Generator(seed);
  const x = randn([B, T, C], { generator: g }).requiresGrad_();
  const w = {
    query: randn([C, hs], { generator: g }).requiresGrad_(),
    key: randn([C, hs], { generator: g }).requiresGrad_(),
    value: randn([C, hs], { generator: g }).requiresGrad_(),
  };
  const R = randn([B, T, hs], { generator: g }); // weights of a random scalar to backpropagate
  return { x, w, R };
}

probe("output on a random batch", {
  input: randomCase,
  run: (c: Case) => {
    const { x, w } = make(c);
    return attentionHead(x, w);
  },
});

probe("gradients of the input and the weights", {
  input: randomCase,
  run: (c: Case) => {
    const { x, w, R } = make(c);
    attentionHead(x, w).mul(R).sum().backward();
    return {
      x: x.grad ?? null,
      query: w.query.grad ?? null,
      key: w.key.grad ?? null,
      value: w.value.grad ?? null,
    };
  },
  tolerance: { atol: 1e-4, rtol: 1e-3 },
});

probe("the future does not leak", {
  input: (rng: Rng) => ({ ...randomCase(rng), T: pick(rng, 4, 8) }),
  run: (c: Case) => {
    const { x, w } = make(c);
    const cut = Math.floor(c.T / 2); // positions 0..cut-1 must not see positions cut..T-1
    const early = x.detach().slice(null, `0:${cut}`); // (B, cut, C)
    const noise = randn([c.B, c.T - cut, c.C], { generator: new Generator(c.seed + 7) });
    const before = attentionHead(x.detach(), w).slice(null, `0:${cut}`);
    const after = attentionHead(cat([early, noise], 1), w).slice(null, `0:${cut}`);
    return after.sub(before).abs().max().item() < 1e-5; // true: the early outputs did not change
  },
  tolerance: { atol: 0, rtol: 0 },
});

probe("scores are scaled by the head size", {
  input: (rng: Rng) => ({ ...randomCase(rng), T: 6, C: 4, hs: 64 }),
  run: (c: Case) => {
    const { x, w } = make(c);
    return attentionHead(x.mul(0.3), w);
  },
});

probe("a single position", {
  input: (rng: Rng) => ({ ...randomCase(rng), T: 1 }),
  run: (c: Case) => {
    const { x, w } = make(c);
    return attentionHead(x, w);
  },
});

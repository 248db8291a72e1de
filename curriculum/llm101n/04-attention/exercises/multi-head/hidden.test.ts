import { probe } from "@nanoschool/harness";
import { eye, Generator, randn, type Tensor, zeros } from "@nanoschool/tensor";
import { multiHeadAttention } from "@submission";

interface Case {
  seed: number;
  B: number;
  T: number;
  C: number;
  nHead: number;
  hs: number;
  out: number;
}

type Rng = { int(lo: number, hi: number): number; seed: number };
const pick = (rng: Rng, lo: number, hi: number) => lo + (rng.int(0, 1000) % (hi - lo + 1));

const randomCase = (rng: Rng): Case => ({
  seed: rng.seed,
  B: pick(rng, 1, 2),
  T: pick(rng, 2, 6),
  C: pick(rng, 2, 6),
  nHead: pick(rng, 2, 4),
  hs: pick(rng, 1, 4),
  out: pick(rng, 2, 5),
});

/** Input, heads and projection with requiresGrad, the same in both runs (from the probe's seed). */
function make({ seed, B, T, C, nHead, hs, out }: Case) {
  const g = new Generator(seed);
  const param = (shape: number[]) => randn(shape, { generator: g }).requiresGrad_();
  const x = param([B, T, C]);
  const heads = Array.from({ length: nHead }, () => ({
    query: param([C, hs]),
    key: param([C, hs]),
    value: param([C, hs]),
  }));
  const proj = { weight: param([nHead * hs, out]), bias: param([out]) };
  const R = randn([B, T, out], { generator: g });
  return { x, heads, proj, R };
}

const grad = (t: Tensor) => t.grad ?? null;

probe("output of random heads", {
  input: randomCase,
  run: (c: Case) => {
    const { x, heads, proj } = make(c);
    return multiHeadAttention(x, heads, proj);
  },
});

probe("gradients flow through every head", {
  input: randomCase,
  run: (c: Case) => {
    const { x, heads, proj, R } = make(c);
    multiHeadAttention(x, heads, proj).mul(R).sum().backward();
    return {
      x: grad(x),
      heads: heads.map((h) => ({ query: grad(h.query), key: grad(h.key), value: grad(h.value) })),
      weight: grad(proj.weight),
      bias: grad(proj.bias),
    };
  },
  tolerance: { atol: 1e-4, rtol: 1e-3 },
});

probe("a single head", {
  input: (rng: Rng) => ({ ...randomCase(rng), nHead: 1 }),
  run: (c: Case) => {
    const { x, heads, proj } = make(c);
    return multiHeadAttention(x, heads, proj);
  },
});

probe("the order of the heads", {
  input: (rng: Rng) => ({ ...randomCase(rng), nHead: 3, hs: 2 }),
  run: (c: Case) => {
    const { x, heads } = make(c);
    // An identity projection keeps the heads' channels apart, so their order shows in the output.
    return multiHeadAttention(x, heads, { weight: eye(6), bias: zeros([6]) });
  },
});

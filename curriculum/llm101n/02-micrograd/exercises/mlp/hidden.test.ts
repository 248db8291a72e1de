import { probe } from "@nanoschool/harness";
import { Generator } from "@nanoschool/tensor";
import { MLP, Neuron, type Value } from "@submission";

// Uniform numbers in [0, 1) from a seeded generator: the same seed gives the same weights in both runs.
const uniformFrom = (seed: number) => {
  const gen = new Generator(seed);
  return () => gen.random();
};

// The lesson's backpropagation, so these tests do not depend on your backward exercise.
function backprop(root: Value): void {
  const order: Value[] = [];
  const seen = new Set<Value>();
  const visit = (v: Value) => {
    if (seen.has(v)) return;
    seen.add(v);
    for (const child of v.children) visit(child);
    order.push(v);
  };
  visit(root);
  root.grad = 1;
  for (let i = order.length - 1; i >= 0; i--) order[i]?.backwardStep();
}

type Rng = { float(): number; int(lo: number, hi: number): number; seed: number };
const inputs = (rng: Rng, n: number, scale: number) =>
  Array.from({ length: n }, () => scale * (2 * rng.float() - 1));

probe("initialises the parameters in order", {
  input: (rng) => ({ seed: rng.seed, nin: rng.int(1, 4), nouts: [rng.int(1, 4), rng.int(1, 3)] }),
  run: ({ seed, nin, nouts }) => new MLP(nin, nouts, uniformFrom(seed)).parameters().map((p) => p.data),
});

probe("computes a neuron's output", {
  input: (rng) => ({ seed: rng.seed, x: inputs(rng, 5, 2) }),
  run: ({ seed, x }) => {
    const random = uniformFrom(seed);
    return [new Neuron(5, random).forward(x).data, new Neuron(5, random, false).forward(x).data];
  },
});

probe("keeps the last layer linear", {
  input: (rng) => ({ seed: rng.seed, x: inputs(rng, 3, 3) }),
  run: ({ seed, x }) => new MLP(3, [6, 4], uniformFrom(seed)).forward(x).map((v) => v.data),
});

probe("computes the forward pass of an MLP", {
  input: (rng) => ({ seed: rng.seed, x: inputs(rng, 2, 1.5), hidden: [rng.int(2, 6), rng.int(2, 6)] }),
  run: ({ seed, x, hidden }) => {
    const model = new MLP(2, [...hidden, 2], uniformFrom(seed));
    return model.forward(x).map((v) => v.data);
  },
});

probe("lets gradients reach every parameter", {
  input: (rng) => ({ seed: rng.seed, x: inputs(rng, 3, 1) }),
  run: ({ seed, x }) => {
    const model = new MLP(3, [4, 3, 1], uniformFrom(seed));
    const [out] = model.forward(x);
    if (!out) return null;
    backprop(out.mul(out));
    return model.parameters().map((p) => p.grad);
  },
});

probe("counts the parameters", {
  input: (rng) => ({ nin: rng.int(1, 6), nouts: [rng.int(1, 6), rng.int(1, 6), rng.int(1, 3)] }),
  run: ({ nin, nouts }) => new MLP(nin, nouts, () => 0.5).parameters().length,
  tolerance: { atol: 0, rtol: 0 },
});

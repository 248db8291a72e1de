import { probe } from "@nanoschool/harness";
import { Value } from "@submission";

// Backpropagate the way the lesson does: reverse topological order, each node's backwardStep once.
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

type Rng = { float(): number; int(lo: number, hi: number): number };
const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.float();

probe("computes the forward values of every op", {
  input: (rng) => ({ a: between(rng, 0.2, 3), b: between(rng, -3, 3), k: rng.int(-2, 4) }),
  run: ({ a, b, k }) => {
    const va = new Value(a);
    const vb = new Value(b);
    return [
      va.add(vb).data,
      va.mul(vb).data,
      va.pow(k).data,
      vb.exp().data,
      vb.tanh().data,
      vb.relu().data,
      vb.neg().data,
      va.sub(vb).data,
      vb.div(va).data,
    ];
  },
});

probe("multiplication sends each input the other factor", {
  input: (rng) => ({ a: between(rng, -4, 4), b: between(rng, -4, 4), upstream: between(rng, -2, 2) }),
  run: ({ a, b, upstream }) => {
    const va = new Value(a);
    const vb = new Value(b);
    const out = va.mul(vb);
    out.grad = upstream;
    out.backwardStep();
    return [va.grad, vb.grad];
  },
});

probe("gradients of pow, exp and tanh", {
  input: (rng) => ({ x: between(rng, 0.3, 2), k: between(rng, -2, 3) }),
  run: ({ x, k }) => {
    const grads: number[] = [];
    for (const make of [(v: Value) => v.pow(k), (v: Value) => v.exp(), (v: Value) => v.tanh()]) {
      const v = new Value(x);
      const out = make(v).mul(1.5); // an upstream gradient of 1.5 must be multiplied in
      backprop(out);
      grads.push(v.grad);
    }
    return grads;
  },
});

probe("relu passes gradient only for positive inputs", {
  input: (rng) => ({ pos: between(rng, 0.1, 3), neg: between(rng, -3, -0.1) }),
  run: ({ pos, neg }) =>
    [pos, neg].map((x) => {
      const v = new Value(x);
      const out = v.relu().mul(2);
      backprop(out);
      return [out.data, v.grad];
    }),
});

probe("subtraction and division backpropagate correctly", {
  input: (rng) => ({ a: between(rng, -3, 3), b: between(rng, 0.5, 3) }),
  run: ({ a, b }) => {
    const va = new Value(a);
    const vb = new Value(b);
    const out = va.sub(vb).mul(va.div(vb));
    backprop(out);
    return [out.data, va.grad, vb.grad];
  },
});

probe("accepts plain numbers as operands", {
  input: (rng) => ({ a: between(rng, 0.5, 3), c: between(rng, 0.5, 3) }),
  run: ({ a, c }) => {
    const va = new Value(a);
    const out = va.add(c).mul(c).sub(c).div(c);
    backprop(out);
    return [out.data, va.grad];
  },
});

probe("accumulates gradients instead of overwriting them", {
  input: (rng) => ({ a: between(rng, -3, 3) }),
  run: ({ a }) => {
    const va = new Value(a);
    const out = va.mul(va).add(va); // a^2 + a: gradient 2a + 1
    backprop(out);
    const vb = new Value(a);
    backprop(vb.add(vb).tanh()); // tanh(2b): gradient 2(1 - tanh^2(2b))
    return [va.grad, vb.grad];
  },
});

import { probe } from "@nanoschool/harness";
import { backward, topologicalSort, Value } from "@submission";

type Rng = { float(): number; int(lo: number, hi: number): number };
const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.float();

probe("backpropagates through L = (a·b + c)·f", {
  input: (rng) => ({ xs: [0, 1, 2, 3].map(() => between(rng, -4, 4)) }),
  run: ({ xs }) => {
    const [a, b, c, f] = xs.map((x) => new Value(x)) as [Value, Value, Value, Value];
    backward(a.mul(b).add(c).mul(f));
    return [a.grad, b.grad, c.grad, f.grad];
  },
});

probe("backpropagates through a neuron", {
  input: (rng) => ({ xs: [0, 1, 2, 3, 4].map(() => between(rng, -1.5, 1.5)) }),
  run: ({ xs }) => {
    const [x1, x2, w1, w2, b] = xs.map((x) => new Value(x)) as [Value, Value, Value, Value, Value];
    const o = x1.mul(w1).add(x2.mul(w2)).add(b).tanh();
    backward(o);
    return [x1.grad, x2.grad, w1.grad, w2.grad, b.grad];
  },
});

probe("visits a shared node once", {
  input: (rng) => ({ a: between(rng, -1.5, 1.5), b: between(rng, -1.5, 1.5) }),
  run: ({ a, b }) => {
    const va = new Value(a);
    const vb = new Value(b);
    const e = va.mul(vb); // used three times below
    const out = e.mul(e).add(e.tanh()).add(e);
    backward(out);
    return { grads: [va.grad, vb.grad], nodes: topologicalSort(out).length };
  },
});

probe("orders the graph topologically", {
  input: (rng) => ({
    ops: Array.from({ length: 30 }, () => [rng.int(0, 3), rng.int(0, 1000), rng.int(0, 1000)]),
  }),
  run: ({ ops }) => {
    // A random DAG: each new node combines earlier nodes, so many nodes are shared.
    const nodes: Value[] = [new Value(0.5), new Value(-0.3), new Value(1.2)];
    for (const [op, i, j] of ops) {
      const a = nodes[(i ?? 0) % nodes.length] as Value;
      const b = nodes[(j ?? 0) % nodes.length] as Value;
      nodes.push(op === 0 ? a.add(b) : op === 1 ? a.mul(b) : a.tanh());
    }
    const root = nodes[nodes.length - 1] as Value;
    const order = topologicalSort(root);
    const position = new Map(order.map((v, k) => [v, k]));
    const childrenFirst = order.every((v, k) => v.children.every((c) => (position.get(c) ?? k) < k));
    // Count the distinct nodes the root really depends on.
    const reachable = new Set<Value>();
    const stack = [root];
    while (stack.length > 0) {
      const v = stack.pop() as Value;
      if (reachable.has(v)) continue;
      reachable.add(v);
      stack.push(...v.children);
    }
    return {
      childrenFirst,
      eachOnce: position.size === order.length,
      complete: order.length === reachable.size && [...reachable].every((v) => position.has(v)),
      rootLast: order[order.length - 1] === root,
    };
  },
  tolerance: { atol: 0, rtol: 0 },
});

probe("handles a long chain", {
  input: (rng) => ({ x: between(rng, -1, 1), length: rng.int(200, 400) }),
  run: ({ x, length }) => {
    const vx = new Value(x);
    let out = vx;
    for (let k = 0; k < length; k++) out = out.mul(0.99).add(vx.mul(0.001)).tanh();
    backward(out);
    return [out.data, vx.grad];
  },
});

probe("backpropagates through a random expression", {
  input: (rng) => ({
    leaves: [0, 1, 2, 3].map(() => between(rng, 0.2, 1.2)),
    ops: Array.from({ length: 12 }, () => [rng.int(0, 5), rng.int(0, 100), rng.int(0, 100)]),
  }),
  run: ({ leaves, ops }) => {
    const inputs = leaves.map((x) => new Value(x));
    const nodes: Value[] = [...inputs];
    for (const [op, i, j] of ops) {
      const a = nodes[(i ?? 0) % nodes.length] as Value;
      const b = nodes[(j ?? 0) % nodes.length] as Value;
      const next = [() => a.add(b), () => a.mul(b), () => a.pow(2), () => a.tanh(), () => a.mul(0.5).exp()][
        op ?? 0
      ];
      nodes.push((next ?? (() => a.add(b)))().tanh());
    }
    // The root sums every computed node, so most leaves reach it along several paths.
    const root = nodes.slice(inputs.length).reduce((acc, v) => acc.add(v), new Value(0));
    backward(root);
    return inputs.map((v) => v.grad);
  },
});

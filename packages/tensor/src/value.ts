// Value: one number that remembers how it was computed, so it can backpropagate (micrograd's
// scalar autograd, chapter 2). Tensor autograd is this idea applied to whole arrays at once.

type Operand = Value | number;

function lift(x: Operand): Value {
  return x instanceof Value ? x : new Value(x);
}

export class Value {
  data: number;
  /** d(output)/d(this), filled by backward(). */
  grad = 0;
  /** The values this one was computed from, and the op's name (for drawing the graph). */
  readonly children: readonly Value[];
  readonly op: string;
  label: string;
  /** Pushes this.grad into the children's grads: the local chain rule of the op. */
  private backwardStep: () => void = () => {};

  constructor(data: number, children: Value[] = [], op = "", label = "") {
    this.data = data;
    this.children = children;
    this.op = op;
    this.label = label;
  }

  add(other: Operand): Value {
    const o = lift(other);
    const out = new Value(this.data + o.data, [this, o], "+");
    out.backwardStep = () => {
      this.grad += out.grad; // d(a + b)/da = 1
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Operand): Value {
    const o = lift(other);
    const out = new Value(this.data * o.data, [this, o], "*");
    out.backwardStep = () => {
      this.grad += o.data * out.grad; // d(ab)/da = b
      o.grad += this.data * out.grad;
    };
    return out;
  }

  /** this ** k for a constant number k. */
  pow(k: number): Value {
    const out = new Value(this.data ** k, [this], `**${k}`);
    out.backwardStep = () => {
      this.grad += k * this.data ** (k - 1) * out.grad; // d(x^k)/dx = k x^(k-1)
    };
    return out;
  }

  relu(): Value {
    const out = new Value(Math.max(this.data, 0), [this], "relu");
    out.backwardStep = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], "tanh");
    out.backwardStep = () => {
      this.grad += (1 - t * t) * out.grad;
    };
    return out;
  }

  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], "exp");
    out.backwardStep = () => {
      this.grad += out.data * out.grad; // (e^x)' = e^x
    };
    return out;
  }

  // The rest are built from the ops above, so they need no backward step of their own.
  neg(): Value {
    return this.mul(-1);
  }
  sub(other: Operand): Value {
    return this.add(lift(other).neg());
  }
  div(other: Operand): Value {
    return this.mul(lift(other).pow(-1));
  }

  /**
   * Order the graph so every node comes after the nodes it was computed from, then apply the
   * chain rule from the output backwards, starting with d(this)/d(this) = 1.
   */
  backward(): void {
    const order: Value[] = [];
    const visited = new Set<Value>();
    const build = (v: Value) => {
      if (visited.has(v)) return;
      visited.add(v);
      for (const child of v.children) build(child);
      order.push(v);
    };
    build(this);
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) order[i]!.backwardStep();
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}

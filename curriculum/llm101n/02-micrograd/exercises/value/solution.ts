// A number that remembers how it was computed, so gradients can flow back through it.

type Operand = Value | number;

/** Wrap a plain number in a Value, so every op accepts both. */
function lift(x: Operand): Value {
  return x instanceof Value ? x : new Value(x);
}

export class Value {
  data: number;
  /** d(final output) / d(this); filled in by backpropagation. */
  grad = 0;
  children: Value[];
  op: string;
  label: string;
  /** Adds out.grad times the local derivative to each child's grad. Leaves do nothing. */
  backwardStep: () => void = () => {};

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
      o.grad += out.grad; // d(a + b)/db = 1
    };
    return out;
  }

  mul(other: Operand): Value {
    const o = lift(other);
    const out = new Value(this.data * o.data, [this, o], "*");
    out.backwardStep = () => {
      this.grad += o.data * out.grad; // d(ab)/da = b
      o.grad += this.data * out.grad; // d(ab)/db = a
    };
    return out;
  }

  /** this ** k, for a plain number k. */
  pow(k: number): Value {
    const out = new Value(this.data ** k, [this], `**${k}`);
    out.backwardStep = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], "exp");
    out.backwardStep = () => {
      this.grad += out.data * out.grad; // (e^a)' = e^a
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

  relu(): Value {
    const out = new Value(Math.max(this.data, 0), [this], "relu");
    out.backwardStep = () => {
      this.grad += (this.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  // Built from the ops above, so they need no backwardStep of their own.
  neg(): Value {
    return this.mul(-1);
  }

  sub(other: Operand): Value {
    return this.add(lift(other).neg());
  }

  div(other: Operand): Value {
    return this.mul(lift(other).pow(-1));
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}

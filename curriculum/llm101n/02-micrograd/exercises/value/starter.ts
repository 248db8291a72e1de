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
    throw new Error(`TODO: mul (${lift(other).data})`);
  }

  /** this ** k, for a plain number k. */
  pow(k: number): Value {
    throw new Error(`TODO: pow (${k})`);
  }

  exp(): Value {
    throw new Error("TODO: exp");
  }

  tanh(): Value {
    throw new Error("TODO: tanh");
  }

  relu(): Value {
    throw new Error("TODO: relu");
  }

  neg(): Value {
    throw new Error("TODO: neg");
  }

  sub(other: Operand): Value {
    throw new Error(`TODO: sub (${lift(other).data})`);
  }

  div(other: Operand): Value {
    throw new Error(`TODO: div (${lift(other).data})`);
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}

// Random chains of view ops must give the same values as the same chain applied to contiguous
// copies: this exercises strides, offsets and the no-copy reshape on layouts no one wrote by hand.
import { describe, expect, it } from "vitest";
import { Generator } from "./random.ts";
import { arange, type Tensor } from "./tensor.ts";

const gen = new Generator(2024);

/** Factor n into a random shape (several dims, some of size 1). */
function randomFactoring(n: number): number[] {
  const dims: number[] = [];
  let rest = n;
  for (let p = 2; p <= rest; p++) {
    while (rest % p === 0) {
      dims.push(p);
      rest /= p;
    }
  }
  const shape: number[] = [];
  for (const d of dims) {
    if (shape.length && gen.random() < 0.5) shape[shape.length - 1]! *= d;
    else shape.push(d);
  }
  if (gen.random() < 0.3) shape.splice(gen.integer(0, shape.length + 1), 0, 1);
  return shape.length ? shape : [1];
}

type ViewOp = (t: Tensor) => Tensor;

function randomOp(t: Tensor): [string, ViewOp] {
  const nd = t.ndim;
  switch (gen.integer(0, 6)) {
    case 0: {
      const perm = [...Array(nd).keys()].sort(() => gen.random() - 0.5);
      return [`permute(${perm})`, (x) => x.permute(perm)];
    }
    case 1: {
      const shape = randomFactoring(t.numel);
      return [`reshape(${shape})`, (x) => x.reshape(shape)];
    }
    case 2: {
      const d = gen.integer(0, nd);
      const size = t.shape[d]!;
      const start = gen.integer(0, size);
      const step = gen.integer(1, 3);
      return [
        `slice dim ${d} ${start}::${step}`,
        (x) => x.slice(...x.shape.map((_, i) => (i === d ? `${start}::${step}` : null))),
      ];
    }
    case 3: {
      const d = gen.integer(0, nd + 1);
      return [`unsqueeze(${d})`, (x) => x.unsqueeze(d)];
    }
    case 4: {
      const ones = t.shape.flatMap((s, i) => (s === 1 ? [i] : []));
      if (!ones.length) return ["squeeze()", (x) => x.squeeze()];
      const d = ones[gen.integer(0, ones.length)]!;
      const n = gen.integer(2, 4);
      return [`expand dim ${d} to ${n}`, (x) => x.expand(x.shape.map((s, i) => (i === d ? n : s)))];
    }
    default:
      return nd >= 2 ? ["transpose(0, -1)", (x) => x.transpose(0, -1)] : ["flatten()", (x) => x.flatten()];
  }
}

describe("views", () => {
  it("random chains of view ops agree with the same ops on contiguous copies", () => {
    for (let trial = 0; trial < 300; trial++) {
      const n = [12, 24, 36, 60][gen.integer(0, 4)]!;
      let view = arange(n).float().reshape(randomFactoring(n));
      let copy = view.contiguous();
      const steps: string[] = [];
      for (let k = 0; k < 6 && view.numel > 0; k++) {
        const [name, op] = randomOp(view);
        steps.push(name);
        view = op(view);
        copy = op(copy).contiguous();
        expect(view.shape, steps.join(" -> ")).toEqual(copy.shape);
        expect(view.tolist(), steps.join(" -> ")).toEqual(copy.tolist());
      }
    }
  });
});

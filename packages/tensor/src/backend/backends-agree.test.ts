// Every backend must compute what the reference backend computes, primitive by primitive, on
// awkward layouts: transposed, sliced with steps, broadcast (stride 0), offset views, int32 data.
import { describe, expect, it } from "vitest";
import { Generator } from "../random.ts";
import type { Backend, BinaryOp, Storage, StridedArray, UnaryOp } from "./backend.ts";
import { contiguousStrides, numelOf } from "./backend.ts";
import { referenceBackend } from "./reference/index.ts";
import { backendNames, getBackend, setBackend } from "./registry.ts";

const gen = new Generator(99);

function backendByName(name: (typeof backendNames)[number]): Backend {
  const previous = getBackend().name as (typeof backendNames)[number];
  setBackend(name);
  const backend = getBackend();
  setBackend(previous);
  return backend;
}

/** Random values in a buffer with some slack, so views can have an offset. */
function randomData(n: number, int = false, positive = false): Storage {
  if (int) return Int32Array.from({ length: n }, () => gen.integer(-5, 6));
  return Float32Array.from({ length: n }, () => {
    const v = gen.normal();
    return positive ? Math.abs(v) + 0.1 : v;
  });
}

/**
 * A strided view of `shape` chosen at random among: contiguous, offset, transposed (last two dims
 * reversed in memory), stepped (every other element), broadcast (a random dim with stride 0).
 */
function randomView(
  shape: number[],
  options: { int?: boolean; positive?: boolean; noBroadcast?: boolean } = {},
): StridedArray {
  const kind = gen.integer(0, options.noBroadcast ? 4 : 5);
  const n = numelOf(shape);
  if (kind === 0)
    return {
      data: randomData(n, options.int, options.positive),
      shape,
      strides: contiguousStrides(shape),
      offset: 0,
    };
  if (kind === 1)
    return {
      data: randomData(n + 3, options.int, options.positive),
      shape,
      strides: contiguousStrides(shape),
      offset: 3,
    };
  if (kind === 2 && shape.length >= 2) {
    const swapped = [...shape];
    const last = shape.length - 1;
    [swapped[last - 1], swapped[last]] = [swapped[last]!, swapped[last - 1]!];
    const strides = contiguousStrides(swapped);
    [strides[last - 1], strides[last]] = [strides[last]!, strides[last - 1]!];
    return { data: randomData(n, options.int, options.positive), shape, strides, offset: 0 };
  }
  if (kind === 3) {
    const strides = contiguousStrides(shape).map((s) => s * 2);
    return { data: randomData(2 * n + 1, options.int, options.positive), shape, strides, offset: 1 };
  }
  const d = gen.integer(0, shape.length);
  const smaller = shape.map((s, i) => (i === d ? 1 : s));
  const strides = contiguousStrides(smaller).map((s, i) => (i === d ? 0 : s));
  return { data: randomData(numelOf(smaller), options.int, options.positive), shape, strides, offset: 0 };
}

function randomShape(): number[] {
  const rank = gen.integer(1, 5);
  return Array.from({ length: rank }, () => gen.integer(1, 7));
}

function expectSame(actual: Storage, expected: Storage, what: string, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    const same =
      (Number.isNaN(a) && Number.isNaN(e)) ||
      a === e ||
      Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e));
    if (!same) expect.fail(`${what}: element ${i} is ${a}, the reference gives ${e}`);
  }
}

const others = backendNames.filter((name) => name !== "reference");

describe.each(others)("the %s backend agrees with the reference backend", (name) => {
  const backend = backendByName(name);
  const TRIALS = 12;

  it.each<UnaryOp>([
    "neg",
    "exp",
    "log",
    "sqrt",
    "tanh",
    "sigmoid",
    "relu",
    "gelu",
    "geluGrad",
    "abs",
    "sign",
  ])("unary %s", (op) => {
    for (let t = 0; t < TRIALS; t++) {
      const shape = randomShape();
      const x = randomView(shape, { positive: op === "log" || op === "sqrt" });
      const [out, ref] = [new Float32Array(numelOf(shape)), new Float32Array(numelOf(shape))];
      backend.unary(op, x, out);
      referenceBackend.unary(op, x, ref);
      expectSame(out, ref, `${op} on ${JSON.stringify(x.strides)}`, 1e-5);
    }
  });

  it.each<BinaryOp>([
    "add",
    "sub",
    "mul",
    "div",
    "pow",
    "maximum",
    "minimum",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "tanhGrad",
    "geluBackward",
  ])("binary %s, float32 and int32", (op) => {
    for (let t = 0; t < TRIALS; t++) {
      const shape = randomShape();
      const int = t % 3 === 0 && op !== "pow" && op !== "div";
      const a = randomView(shape, { int, positive: op === "pow" });
      const b = randomView(shape, { int });
      const make = () => (int ? new Int32Array(numelOf(shape)) : new Float32Array(numelOf(shape)));
      const [out, ref] = [make(), make()];
      backend.binary(op, a, b, out);
      referenceBackend.binary(op, a, b, ref);
      expectSame(out, ref, `${op} on strides ${JSON.stringify([a.strides, b.strides])}`);
    }
  });

  it("where and copy (also float32 -> int32)", () => {
    for (let t = 0; t < TRIALS; t++) {
      const shape = randomShape();
      const n = numelOf(shape);
      const cond = randomView(shape, { int: true });
      const [a, b] = [randomView(shape), randomView(shape)];
      const [out, ref] = [new Float32Array(n), new Float32Array(n)];
      backend.where(cond, a, b, out);
      referenceBackend.where(cond, a, b, ref);
      expectSame(out, ref, "where");
      const dst = { shape, strides: contiguousStrides(shape), offset: 0 };
      const [c1, c2] = [new Int32Array(n), new Int32Array(n)];
      backend.copy(a, { ...dst, data: c1 });
      referenceBackend.copy(a, { ...dst, data: c2 });
      expectSame(c1, c2, "copy to int32");
      const [f1, f2] = [new Float32Array(2 * n), new Float32Array(2 * n)];
      const stepped = { shape, strides: contiguousStrides(shape).map((s) => 2 * s), offset: 0 };
      backend.copy(b, { ...stepped, data: f1 });
      referenceBackend.copy(b, { ...stepped, data: f2 });
      expectSame(f1, f2, "copy into a stepped view");
    }
  });

  it("reduce sum/max/min over random axes, with indices", () => {
    for (let t = 0; t < 3 * TRIALS; t++) {
      const shape = randomShape();
      const x = randomView(shape, { noBroadcast: t % 2 === 0, int: t % 5 === 0 });
      const axes = shape.map((_, i) => i).filter(() => gen.random() < 0.5);
      if (axes.length === 0) axes.push(gen.integer(0, shape.length));
      const outShape = shape.filter((_, i) => !axes.includes(i));
      const n = numelOf(outShape);
      for (const op of ["sum", "max", "min"] as const) {
        const [out, ref] = [new Float32Array(n), new Float32Array(n)];
        const withIndices = op !== "sum" && axes.length === 1;
        const [idx, refIdx] = [new Int32Array(n), new Int32Array(n)];
        backend.reduce(op, x, axes, out, withIndices ? idx : undefined);
        referenceBackend.reduce(op, x, axes, ref, withIndices ? refIdx : undefined);
        expectSame(out, ref, `${op} over ${axes} of ${shape} strides ${x.strides}`, 1e-5);
        if (withIndices) expectSame(idx, refIdx, `${op} indices`);
      }
    }
  });

  it("matmul with transposed, stepped and broadcast operands", () => {
    for (let t = 0; t < 2 * TRIALS; t++) {
      const batch = Array.from({ length: gen.integer(0, 3) }, () => gen.integer(1, 4));
      const [M, K, N] = [gen.integer(1, 40), gen.integer(1, 40), gen.integer(1, 40)];
      const a = randomView([...batch, M, K]);
      const b = randomView([...batch, K, N]);
      const n = numelOf([...batch, M, N]);
      const [out, ref] = [new Float32Array(n), new Float32Array(n)];
      backend.matmul(a, b, out);
      referenceBackend.matmul(a, b, ref);
      expectSame(out, ref, `matmul ${[...batch, M, K]} @ ${[...batch, K, N]}`, 1e-4);
    }
  });

  it("gather and scatterAdd along any dim", () => {
    for (let t = 0; t < TRIALS; t++) {
      const shape = randomShape();
      const dim = gen.integer(0, shape.length);
      const x = randomView(shape);
      const indexShape = shape.map((s, i) => (i === dim ? gen.integer(1, 6) : s));
      const n = numelOf(indexShape);
      const index = {
        data: Int32Array.from({ length: n }, () => gen.integer(0, shape[dim]!)),
        shape: indexShape,
        strides: contiguousStrides(indexShape),
        offset: 0,
      };
      const [out, ref] = [new Float32Array(n), new Float32Array(n)];
      backend.gather(x, dim, index, out);
      referenceBackend.gather(x, dim, index, ref);
      expectSame(out, ref, "gather");
      const src = randomView(indexShape);
      const [t1, t2] = [new Float32Array(numelOf(shape)), new Float32Array(numelOf(shape))];
      backend.scatterAdd(t1, shape, dim, index, src);
      referenceBackend.scatterAdd(t2, shape, dim, index, src);
      expectSame(t1, t2, "scatterAdd", 1e-5);
    }
  });

  it("softmax, log-softmax and layerNorm", () => {
    for (let t = 0; t < TRIALS; t++) {
      const shape = randomShape();
      const x = randomView(shape);
      const n = numelOf(shape);
      for (const log of [false, true]) {
        const [out, ref] = [new Float32Array(n), new Float32Array(n)];
        backend.softmax(x, out, log);
        referenceBackend.softmax(x, ref, log);
        expectSame(out, ref, `softmax (log ${log})`, 1e-5);
        backend.softmax(x, out, log, 0.7, true); // attention's form: scaled, causal mask
        referenceBackend.softmax(x, ref, log, 0.7, true);
        expectSame(out, ref, `causal softmax (log ${log})`, 1e-5);
      }
      const C = shape[shape.length - 1]!;
      const [y, dy] = [new Float32Array(n), randomData(n) as Float32Array];
      referenceBackend.softmax(x, y, false, 0.7, true);
      const [dx, dxRef] = [new Float32Array(n), new Float32Array(n)];
      backend.softmaxBackward(y, dy, C, 0.7, dx);
      referenceBackend.softmaxBackward(y, dy, C, 0.7, dxRef);
      expectSame(dx, dxRef, "softmaxBackward", 1e-5);
      const rows = n / C;
      const [xs, w, b, g] = [randomData(n), randomData(C), randomData(C), randomData(n)] as Float32Array[];
      const results = [backend, referenceBackend].map((be) => {
        const [out, mean, rstd] = [new Float32Array(n), new Float32Array(rows), new Float32Array(rows)];
        be.layerNorm(xs!, w!, b!, 1e-5, out, mean, rstd);
        const [dx, dw, db] = [new Float32Array(n), new Float32Array(C), new Float32Array(C)];
        be.layerNormBackward(g!, xs!, w!, mean, rstd, dx, dw, db);
        return [out, mean, rstd, dx, dw, db];
      });
      results[0]!.forEach((a, i) => {
        expectSame(a, results[1]![i]!, `layerNorm output ${i}`, 1e-4);
      });
    }
  });
});

describe("the registry", () => {
  it("starts on the fast backend, lists the reference first and switches by name", () => {
    expect(getBackend().name).toBe("fast");
    expect(backendNames[0]).toBe("reference");
    for (const name of backendNames) {
      setBackend(name);
      expect(getBackend().name).toBe(name);
    }
    setBackend("reference");
  });
});

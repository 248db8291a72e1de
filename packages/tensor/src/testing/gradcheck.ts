// Test helpers: finite-difference gradient checks and random test data. Used by the tests only.
import { Generator } from "../random.ts";
import { noGrad, randn, type Tensor, tensor } from "../tensor.ts";

/**
 * Compare backward()'s gradients with central differences (f(x + h) - f(x - h)) / 2h.
 * The output is projected on fixed random weights w, so loss = sum(f(x) * w) checks every
 * entry of the Jacobian-vector product, not just the gradient of a sum.
 * Returns the largest mismatch, relative to max(1, |numeric|, |analytic|).
 */
export function gradcheck(
  f: (...xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options: { eps?: number; maxChecksPerInput?: number; seed?: number } = {},
): number {
  const eps = options.eps ?? 1e-2;
  const gen = new Generator(options.seed ?? 7);
  const xs = inputs.map((x) => x.detach().requiresGrad_());
  const out = f(...xs);
  const weights = randn(out.shape, { generator: gen });
  out.mul(weights).sum().backward();
  const lossAt = () =>
    noGrad(() =>
      f(...xs)
        .mul(weights)
        .sum()
        .item(),
    );
  let worst = 0;
  xs.forEach((x, k) => {
    const analytic = x.grad ? x.grad.toArray() : new Float32Array(x.numel);
    const n = x.numel;
    const budget = options.maxChecksPerInput ?? 24;
    const positions =
      n <= budget ? [...Array(n).keys()] : Array.from({ length: budget }, () => gen.integer(0, n));
    for (const i of positions) {
      const original = x.data[i]!;
      x.data[i] = original + eps;
      const plus = lossAt();
      x.data[i] = original - eps;
      const minus = lossAt();
      x.data[i] = original;
      const numeric = (plus - minus) / (2 * eps);
      const a = analytic[i]!;
      const err = Math.abs(numeric - a) / Math.max(1, Math.abs(numeric), Math.abs(a));
      if (!(err <= worst)) worst = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err;
      if (err > 0.05) {
        throw new Error(`gradcheck: input ${k} element ${i}: analytic ${a} vs numeric ${numeric}`);
      }
    }
  });
  return worst;
}

/** Random normal data of a shape, from a seeded generator. */
export function randomTensor(shape: number[], gen: Generator, scale = 1, shift = 0): Tensor {
  return randn(shape, { generator: gen }).mul(scale).add(shift);
}

/** Distinct values spaced 0.1 apart in random order: max/min have no ties within eps. */
export function distinctTensor(shape: number[], gen: Generator): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const values = Array.from({ length: n }, (_, i) => i * 0.1 - n * 0.05);
  for (let i = n - 1; i > 0; i--) {
    const j = gen.integer(0, i + 1);
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return tensor(values).reshape(shape);
}

/** A random shape of rank 1..maxRank with sizes 1..maxSize. */
export function randomShape(gen: Generator, maxRank = 3, maxSize = 4): number[] {
  const rank = gen.integer(1, maxRank + 1);
  return Array.from({ length: rank }, () => gen.integer(1, maxSize + 1));
}

/** A shape that broadcasts against `shape`: a suffix of it, with some sizes replaced by 1. */
export function broadcastableShape(gen: Generator, shape: number[]): number[] {
  const keep = gen.integer(1, shape.length + 1);
  return shape.slice(shape.length - keep).map((d) => (gen.random() < 0.4 ? 1 : d));
}

/** Random multiples of 0.2, plus `shift`: two grids shifted by 0.1 never come within 0.1. */
export function gridTensor(shape: number[], gen: Generator, shift: number): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(Array.from({ length: n }, () => Math.round(gen.normal() * 5) * 0.2 + shift)).reshape(shape);
}

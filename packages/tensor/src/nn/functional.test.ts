// The fused ops behind nn's functions against the plain ops they replace, values and gradients, on
// every backend (the plain ops are checked against finite differences and PyTorch elsewhere).
import { afterAll, describe, expect, it } from "vitest";
import { backendNames, setBackend } from "../backend/registry.ts";
import { Generator } from "../random.ts";
import { ones, randn, type Tensor } from "../tensor.ts";
import { scaledDotProductAttention } from "./functional.ts";

function expectClose(a: Tensor, b: Tensor, tolerance = 1e-5): void {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.toArray(), b.toArray()];
  let [worst, largest] = [0, 1e-6];
  for (let i = 0; i < x.length; i++) {
    worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
    largest = Math.max(largest, Math.abs(y[i]!));
  }
  expect(worst / largest).toBeLessThan(tolerance); // relative to the largest entry
}

/** Attention in plain ops: scale the scores, mask the future with -Infinity, softmax as exp / sum, weigh v. */
function plainAttention(q: Tensor, k: Tensor, v: Tensor, causal: boolean): Tensor {
  const [T, S] = [q.shape[q.ndim - 2]!, k.shape[k.ndim - 2]!];
  let scores = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(q.shape[q.ndim - 1]!));
  if (causal) scores = scores.maskedFill(ones([T, S]).tril().eq(0), Number.NEGATIVE_INFINITY);
  const e = scores.sub(scores.amax(-1, true).detach()).exp();
  return e.div(e.sum(-1, true)).matmul(v);
}

describe.each(backendNames)("fused attention on the %s backend", (backend) => {
  afterAll(() => setBackend("fast"));
  const gen = new Generator(7);
  // (B, nh, T, S, hs): rows shorter and longer than four lanes, T < S, T > S, a single query
  const cases = [
    [2, 3, 8, 8, 4],
    [1, 2, 5, 7, 3],
    [2, 1, 9, 6, 5],
    [1, 1, 1, 4, 2],
    [16, 4, 16, 16, 8],
  ] as const;
  for (const causal of [true, false]) {
    it.each(cases)(
      `matches the plain ops (causal ${causal}) for B %i, nh %i, T %i, S %i, hs %i`,
      (B, nh, T, S, hs) => {
        setBackend(backend);
        const make = (rows: number) => randn([B, nh, rows, hs], { generator: gen }).mul(2).requiresGrad_();
        const [q, k, v] = [make(T), make(S), make(S)];
        const g = randn([B, nh, T, hs], { generator: gen });
        const fused = scaledDotProductAttention(q, k, v, { isCausal: causal });
        fused.backward(g);
        const fusedGrads = [q, k, v].map((t) => t.grad!);
        for (const t of [q, k, v]) t.zeroGrad();
        const plain = plainAttention(q, k, v, causal);
        plain.backward(g);
        expectClose(fused, plain);
        fusedGrads.forEach((grad, i) => {
          expectClose(grad, [q, k, v][i]!.grad!, 1e-4);
        });
      },
    );
  }
});

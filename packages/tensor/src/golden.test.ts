// Golden tests: the same cases as scripts/make-golden.py, checked against PyTorch's values
// (outputs and gradients) stored in fixtures/golden.json, on every backend.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { backendNames, setBackend } from "./backend/registry.ts";
import golden from "./fixtures/golden.json" with { type: "json" };
import { crossEntropy, layerNorm, mseLoss, scaledDotProductAttention } from "./nn/functional.ts";
import { AdamW, SGD } from "./optim/optimizers.ts";
import { arange, cat, stack, type Tensor, tensor, where } from "./tensor.ts";

type Fn = (...xs: Tensor[]) => Tensor;

/** Run an optimizer the way make-golden.py does: loss = sum(3 (p - target)^2). */
function optimize(makeOpt: (params: Tensor[]) => { step(): void; zeroGrad(): void }): Fn {
  return (p0, target) => {
    const p = p0!.detach().contiguous().requiresGrad_();
    const opt = makeOpt([p]);
    for (let i = 0; i < 5; i++) {
      opt.zeroGrad();
      p.sub(target!).pow(2).mul(3).sum().backward();
      opt.step();
    }
    return p.detach();
  };
}

const ours: Record<string, Fn> = {
  add_broadcast: (a, b) => a!.add(b!),
  sub: (a, b) => a!.sub(b!),
  mul_broadcast: (a, b) => a!.mul(b!),
  div: (a, b) => a!.div(b!),
  pow: (a, b) => a!.pow(b!),
  pow_scalar: (a) => a!.pow(3),
  neg: (a) => a!.neg(),
  exp: (a) => a!.exp(),
  log: (a) => a!.log(),
  sqrt: (a) => a!.sqrt(),
  tanh: (a) => a!.tanh(),
  sigmoid: (a) => a!.sigmoid(),
  relu: (a) => a!.relu(),
  gelu: (a) => a!.gelu(),
  abs: (a) => a!.abs(),
  maximum: (a, b) => a!.maximum(b!),
  minimum: (a, b) => a!.minimum(b!),
  clamp: (a) => a!.clamp(-0.5, 0.5),
  gt_mask: (a, b) => a!.gt(b!),
  sum_dim_keepdim: (a) => a!.sum(1, true),
  sum_all: (a) => a!.sum(),
  mean_dims: (a) => a!.mean([0, 2]),
  var: (a) => a!.var(1),
  std_keepdim: (a) => a!.std(-1, true),
  amax: (a) => a!.amax(-1),
  max_dim_values: (a) => a!.max(0).values,
  min_all: (a) => a!.min(),
  argmax: (a) => a!.argmax(1).float(),
  logsumexp: (a) => a!.logsumexp(1),
  topk_values: (a) => a!.topk(3, 1).values,
  softmax_dim0: (a) => a!.softmax(0),
  log_softmax: (a) => a!.logSoftmax(-1),
  matmul_2d: (a, b) => a!.matmul(b!),
  matmul_1d_2d: (a, b) => a!.matmul(b!),
  matmul_batched_broadcast: (a, b) => a!.matmul(b!),
  matmul_3d_2d: (a, b) => a!.matmul(b!),
  matmul_transposed: (a, b) => a!.T.matmul(b!.T),
  permute_reshape: (a) => a!.permute(2, 0, 1).reshape(4, 6),
  slice_steps: (a) => a!.slice(null, "1:", "0:4:2"),
  gather: (a, i) => a!.gather(1, i!),
  index_select: (a, i) => a!.indexSelect(0, i!),
  embedding: (w, i) => w!.index(i!),
  cat: (a, b) => cat([a!, b!, a!], 1),
  stack: (a, b) => stack([a!, b!], 1),
  tril: (a) => a!.tril(),
  triu_diag1: (a) => a!.triu(1),
  masked_fill: (a, m) => a!.maskedFill(m!.gt(0), -1),
  where: (c, a, b) => where(c!.gt(0), a!, b!),
  cross_entropy: (z, t) => crossEntropy(z!, t!),
  cross_entropy_ignore: (z, t) => crossEntropy(z!, t!, { ignoreIndex: -100 }),
  mse_loss: (a, b) => mseLoss(a!, b!),
  layer_norm: (x, w, b) => layerNorm(x!, w!, b!),
  layer_norm_composite: (x, w, b) => {
    const centered = x!.sub(x!.mean(-1, true));
    return centered
      .div(x!.var(-1, true, 0).add(1e-5).sqrt())
      .mul(w!)
      .add(b!);
  },
  sdpa_causal: (q, k, v) => scaledDotProductAttention(q!, k!, v!, { isCausal: true }),
  sgd_momentum: optimize((ps) => new SGD(ps, { lr: 0.05, momentum: 0.9 })),
  adamw: optimize((ps) => new AdamW(ps, { lr: 0.1, betas: [0.9, 0.99], weightDecay: 0.1 })),
};

interface GoldenCase {
  name: string;
  inputs: { shape: number[]; dtype: string; data: number[] }[];
  output: { shape: number[]; data: number[] };
  grads?: (number[] | null)[];
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (Math.abs(a - e) > 1e-4 + 1e-4 * Math.abs(e)) {
      expect.fail(`${what}[${i}]: got ${a}, PyTorch gives ${e}`);
    }
  }
}

const cases = golden.cases as GoldenCase[];

describe.each(backendNames)("golden values from PyTorch on the %s backend", (backend) => {
  beforeEach(() => setBackend(backend));
  afterAll(() => setBackend("reference"));

  it("covers every case in the fixture", () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.map((c) => c.name).filter((n) => !ours[n])).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const inputs = c.inputs.map((x) => {
      const data = x.dtype === "int32" ? Int32Array.from(x.data) : Float32Array.from(x.data);
      const t = tensor(data).reshape(x.shape);
      return c.grads && x.dtype === "float32" ? t.detach().requiresGrad_() : t;
    });
    const out = ours[name]!(...inputs);
    expect(out.shape).toEqual(c.output.shape);
    expectClose(out.float().toArray(), c.output.data, `${name} output`);
    if (!c.grads) return;
    // Same upstream gradient as the script: weights 1..n divided by n.
    const n = out.numel;
    out
      .mul(
        arange(1, n + 1)
          .float()
          .div(n)
          .reshape(out.shape),
      )
      .sum()
      .backward();
    c.grads.forEach((g, k) => {
      if (g) expectClose(inputs[k]!.grad!.toArray(), g, `${name} grad of input ${k}`);
    });
  });
});

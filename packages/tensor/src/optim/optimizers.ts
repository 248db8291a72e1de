// Optimizers update parameters in place from their .grad, with plain loops over the storage:
// an update is not part of any graph, so it needs no autograd and no temporaries. Each loop is a
// top-level function: V8 optimizes it once, where a loop inside a per-step closure (params.forEach)
// was re-optimized on every step and ran about five times slower.
import { fmt } from "../shape.ts";
import { Tensor } from "../tensor.ts";

function checkParams(op: string, params: Tensor[]): void {
  for (const p of params) {
    if (!(p.data instanceof Float32Array) || p.offset !== 0 || p.data.length !== p.numel) {
      throw new Error(`${op}: parameter of shape ${fmt(p.shape)} must be a contiguous float32 leaf tensor`);
    }
  }
}

/** The gradient's values (contiguous, as backward() leaves it), or null when there is none. */
function gradOf(p: Tensor): Float32Array | null {
  const g = p.grad;
  if (!g) return null;
  const c = g.contiguous();
  return (c.offset === 0 ? c.data : c.data.subarray(c.offset, c.offset + c.numel)) as Float32Array;
}

/** Stochastic gradient descent, with optional momentum: v = mu v + g; p -= lr v. */
export class SGD {
  params: Tensor[];
  lr: number;
  momentum: number;
  weightDecay: number;
  private velocity: Float32Array[];

  constructor(params: Tensor[], options: { lr: number; momentum?: number; weightDecay?: number }) {
    checkParams("SGD", params);
    this.params = params;
    this.lr = options.lr;
    this.momentum = options.momentum ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
    this.velocity = params.map((p) => new Float32Array(p.numel));
  }

  step(): void {
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k]!;
      const g = gradOf(p);
      if (g)
        sgdUpdate(p.data as Float32Array, g, this.velocity[k]!, this.lr, this.momentum, this.weightDecay);
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }
}

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): running means of the gradient (m) and
 * of its square (v), bias-corrected, set a per-parameter step size; the decay shrinks the weights
 * directly instead of being added to the gradient.
 */
export class AdamW {
  params: Tensor[];
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  private t = 0;
  private m: Float32Array[];
  private v: Float32Array[];

  constructor(
    params: Tensor[],
    options: { lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number } = {},
  ) {
    checkParams("AdamW", params);
    this.params = params;
    this.lr = options.lr ?? 1e-3;
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.01;
    this.m = params.map((p) => new Float32Array(p.numel));
    this.v = params.map((p) => new Float32Array(p.numel));
  }

  step(): void {
    this.t++;
    const { lr, beta1, beta2, eps, weightDecay } = this;
    const correction1 = 1 - beta1 ** this.t;
    const correction2 = 1 - beta2 ** this.t;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k]!;
      const g = gradOf(p);
      if (!g) continue;
      const step = { lr, beta1, beta2, eps, weightDecay, correction1, correction2 };
      adamWUpdate(p.data as Float32Array, g, this.m[k]!, this.v[k]!, step);
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }
}

/** v = mu v + g (+ decay w); w -= lr (momentum ? v : g). */
function sgdUpdate(
  w: Float32Array,
  g: Float32Array,
  v: Float32Array,
  lr: number,
  momentum: number,
  weightDecay: number,
): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]! + weightDecay * w[i]!;
    v[i] = momentum * v[i]! + gi;
    w[i]! -= lr * (momentum ? v[i]! : gi);
  }
}

interface AdamWStep {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  correction1: number; // 1 - beta^t: the bias corrections of this step
  correction2: number;
}

/**
 * m and v follow g and g^2; w shrinks by the decay and moves by lr mHat / (sqrt(vHat) + eps), written
 * as PyTorch does: (lr / c1) m / (sqrt(v) / sqrt(c2) + eps), one square root and one division.
 */
function adamWUpdate(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWStep): void {
  const { beta1, beta2, eps } = s;
  const decay = 1 - s.lr * s.weightDecay;
  const stepSize = s.lr / s.correction1;
  const invSqrtC2 = 1 / Math.sqrt(s.correction2);
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    m[i] = beta1 * m[i]! + (1 - beta1) * gi;
    v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
    // m and v read back: rounded to float32, as PyTorch keeps them
    w[i] = w[i]! * decay - (stepSize * m[i]!) / (Math.sqrt(v[i]!) * invSqrtC2 + eps);
  }
}

/**
 * Scale all gradients down together so their global L2 norm is at most maxNorm. Returns the norm
 * before clipping (worth logging: spikes warn of instability).
 */
export function clipGradNorm(params: Tensor[], maxNorm: number): number {
  let sumSquares = 0;
  for (const p of params) {
    const g = gradOf(p);
    if (g) for (let i = 0; i < g.length; i++) sumSquares += g[i]! * g[i]!;
  }
  const norm = Math.sqrt(sumSquares);
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) {
    for (const p of params) {
      if (!p.grad) continue;
      const g = gradOf(p)!;
      const owned = new Float32Array(g.length);
      for (let i = 0; i < g.length; i++) owned[i] = g[i]! * scale;
      p.grad = new Tensor(owned, p.shape);
    }
  }
  return norm;
}

/**
 * Learning rate at `step`: a linear warmup from 0 to maxLr over warmupSteps, then a cosine decay
 * down to minLr at maxSteps, and minLr after that (the schedule of GPT-2/3 training).
 */
export function cosineLr(
  step: number,
  options: { maxLr: number; minLr?: number; warmupSteps: number; maxSteps: number },
): number {
  const { maxLr, warmupSteps, maxSteps } = options;
  const minLr = options.minLr ?? maxLr * 0.1;
  if (step < warmupSteps) return (maxLr * (step + 1)) / warmupSteps;
  if (step >= maxSteps) return minLr;
  const progress = (step - warmupSteps) / Math.max(1, maxSteps - warmupSteps); // 0 -> 1
  return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (maxLr - minLr);
}

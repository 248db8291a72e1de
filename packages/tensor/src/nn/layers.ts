// The layers of the course's models.
import { isContiguous, type StridedArray } from "../backend/backend.ts";
import { getBackend } from "../backend/registry.ts";
import type { Generator } from "../random.ts";
import { isGradEnabled, layerNorm, ones, rand, randn, Tensor, zeros } from "../tensor.ts";
import { Module } from "./module.ts";

interface InitOptions {
  generator?: Generator;
}

/** y = x @ W^T + b, with W (out, in): (B, T, in) -> (B, T, out). */
export class Linear extends Module {
  weight: Tensor;
  bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, options: InitOptions & { bias?: boolean } = {}) {
    super();
    // Uniform in +-1/sqrt(in), PyTorch's default: keeps the output's scale near the input's.
    const bound = 1 / Math.sqrt(inFeatures);
    const uniform = (shape: number[]) =>
      rand(shape, { generator: options.generator })
        .mul(2 * bound)
        .sub(bound)
        .requiresGrad_();
    this.weight = uniform([outFeatures, inFeatures]);
    this.bias = options.bias === false ? null : uniform([outFeatures]);
  }

  override forward(x: Tensor): Tensor {
    const y = x.matmul(this.weight.T); // the transpose is a view: no copy
    return this.bias ? addBiasInPlace(y, this.bias) : y;
  }
}

/**
 * y.add(bias), written into y's own storage: y comes fresh from the matmul and nothing reads its
 * values again (matmul's gradient needs only its inputs, add's none), so the sum needs no new buffer
 * of (B, T, out) floats. Recorded as the ordinary add it is.
 */
function addBiasInPlace(y: Tensor, bias: Tensor): Tensor {
  const last = y.ndim - 1;
  const fits = bias.ndim === 1 && bias.shape[0] === y.shape[last] && y.dtype === bias.dtype;
  if (!fits || !isContiguous(y) || y.offset !== 0 || y.data.length !== y.numel) return y.add(bias);
  const row: StridedArray = {
    data: bias.data,
    shape: y.shape,
    strides: y.shape.map((_, i) => (i === last ? bias.strides[0]! : 0)), // the row repeated down y
    offset: bias.offset,
  };
  const out = new Tensor(y.data, y.shape);
  getBackend().binary("add", y, row, out.data);
  if (isGradEnabled() && (y.requiresGrad || bias.requiresGrad)) {
    out.requiresGrad = true;
    out.ctx = { op: "add", inputs: [y, bias], args: {} };
  }
  return out;
}

/** A lookup table: token ids (B, T) -> vectors (B, T, dim). */
export class Embedding extends Module {
  weight: Tensor;

  constructor(numEmbeddings: number, embeddingDim: number, options: InitOptions = {}) {
    super();
    this.weight = randn([numEmbeddings, embeddingDim], { generator: options.generator }).requiresGrad_();
  }

  override forward(ids: Tensor): Tensor {
    return this.weight.index(ids);
  }
}

/** Normalize each vector over its last dim to mean 0, variance 1, then scale and shift. */
export class LayerNorm extends Module {
  weight: Tensor;
  bias: Tensor;
  eps: number;

  constructor(dim: number, options: { eps?: number } = {}) {
    super();
    this.eps = options.eps ?? 1e-5;
    this.weight = ones([dim]).requiresGrad_();
    this.bias = zeros([dim]).requiresGrad_();
  }

  override forward(x: Tensor): Tensor {
    // One fused op; written out it is:
    //   centered = x - x.mean(-1, keepdim)                    (B, T, C)
    //   variance = (centered * centered).mean(-1, keepdim)    (B, T, 1), biased
    //   y = centered / sqrt(variance + eps) * weight + bias
    return layerNorm(x, this.weight, this.bias, this.eps);
  }
}

/** In training, zero each entry with probability p and scale the rest by 1/(1-p); identity in eval. */
export class Dropout extends Module {
  p: number;
  generator: Generator | undefined;

  constructor(p = 0.5, options: InitOptions = {}) {
    super();
    if (!(p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p}`);
    this.p = p;
    this.generator = options.generator;
  }

  override forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const keep = rand(x.shape as number[], { generator: this.generator }).ge(this.p);
    return x.mul(keep).div(1 - this.p);
  }
}

/** Layers applied one after another. */
export class Sequential extends Module {
  layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }

  override forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h), x);
  }
}

export class Tanh extends Module {
  override forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

export class ReLU extends Module {
  override forward(x: Tensor): Tensor {
    return x.relu();
  }
}

export class GELU extends Module {
  override forward(x: Tensor): Tensor {
    return x.gelu();
  }
}

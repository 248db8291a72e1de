import { describe, expect, it } from "vitest";
import { Generator } from "../random.ts";
import { ones, randn, tensor } from "../tensor.ts";
import { oneHot } from "./functional.ts";
import { Dropout, Embedding, LayerNorm, Linear, ReLU, Sequential } from "./layers.ts";
import { Module } from "./module.ts";

class TwoLayers extends Module {
  embed = new Embedding(10, 4);
  blocks = [new Linear(4, 4), new Linear(4, 2, { bias: false })];
  norm = new LayerNorm(2);
  override forward(ids: ReturnType<typeof tensor>) {
    return this.norm.forward(this.blocks.reduce((h, b) => b.forward(h), this.embed.forward(ids)));
  }
}

describe("nn", () => {
  it("finds parameters with dotted names, through arrays of submodules", () => {
    const m = new TwoLayers();
    expect(m.namedParameters().map(([n, p]) => `${n}:${p.shape.join("x")}`)).toEqual([
      "embed.weight:10x4",
      "blocks.0.weight:4x4",
      "blocks.0.bias:4",
      "blocks.1.weight:2x4",
      "norm.weight:2",
      "norm.bias:2",
    ]);
    expect(m.parameters().reduce((n, p) => n + p.numel, 0)).toBe(40 + 20 + 8 + 4);
    const out = m.forward(tensor(new Int32Array([1, 2, 3])).reshape(1, 3));
    expect(out.shape).toEqual([1, 3, 2]);
  });

  it("counts a shared (tied) weight once", () => {
    const m = new TwoLayers();
    m.blocks[0]!.weight = m.blocks[1]!.weight.T.matmul(m.blocks[1]!.weight); // not a leaf: not a parameter
    const tied = new Sequential(m.embed, m.embed);
    expect(tied.parameters().length).toBe(1);
  });

  it("switches train/eval recursively; Dropout drops only in training", () => {
    const drop = new Dropout(0.5, { generator: new Generator(0) });
    const model = new Sequential(new ReLU(), drop);
    const x = ones([1000]);
    const trained = model.forward(x).toArray();
    const zerosFraction = trained.filter((v) => v === 0).length / trained.length;
    expect(zerosFraction).toBeGreaterThan(0.45);
    expect(zerosFraction).toBeLessThan(0.55);
    expect(trained.filter((v) => v !== 0).every((v) => v === 2)).toBe(true); // scaled by 1/(1-p)
    model.eval();
    expect(drop.training).toBe(false);
    expect(
      model
        .forward(x)
        .toArray()
        .every((v) => v === 1),
    ).toBe(true);
    model.train();
    expect(drop.training).toBe(true);
  });

  it("oneHot encodes ids as float32 rows", () => {
    const encoded = oneHot(tensor(new Int32Array([2, 0])), 3);
    expect(encoded.dtype).toBe("float32");
    expect(encoded.tolist()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(() => oneHot(tensor([1]), 3)).toThrow("oneHot: ids must be int32");
  });

  it("LayerNorm normalizes the last dim; zeroGrad clears gradients", () => {
    const ln = new LayerNorm(8);
    const y = ln.forward(randn([3, 8]).mul(5).add(2));
    expect(y.mean(-1).abs().max().item()).toBeLessThan(1e-5);
    expect(Math.abs(y.var(-1, false, 0).mean().item() - 1)).toBeLessThan(1e-3);
    y.sum().backward();
    expect(ln.weight.grad).not.toBeNull();
    ln.zeroGrad();
    expect(ln.weight.grad).toBeNull();
  });
});

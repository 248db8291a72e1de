// Finite-difference checks of every gradient rule, on random shapes with broadcasting, on every backend.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { backendNames, setBackend } from "../backend/registry.ts";
import { crossEntropy, layerNorm, mseLoss, scaledDotProductAttention } from "../nn/functional.ts";
import { LayerNorm, Linear } from "../nn/layers.ts";
import { Generator } from "../random.ts";
import { cat, ones, stack, type Tensor, tensor, where } from "../tensor.ts";
import {
  broadcastableShape,
  distinctTensor,
  gradcheck,
  gridTensor,
  randomShape,
  randomTensor,
} from "../testing/gradcheck.ts";

const TOLERANCE = 0.02;
const TRIALS = 4;

describe.each(backendNames)("gradients on the %s backend", (backend) => {
  beforeEach(() => setBackend(backend));
  afterAll(() => setBackend("reference"));
  const gen = new Generator(1234);

  // Smooth unary functions, with inputs kept where they are smooth (away from 0 for relu and abs).
  const unaries: [string, (x: Tensor) => Tensor, number, number][] = [
    ["neg", (x) => x.neg(), 1, 0],
    ["exp", (x) => x.exp(), 0.5, 0],
    ["log", (x) => x.log(), 0.2, 2],
    ["sqrt", (x) => x.sqrt(), 0.2, 2],
    ["tanh", (x) => x.tanh(), 1, 0],
    ["sigmoid", (x) => x.sigmoid(), 1, 0],
    ["gelu", (x) => x.gelu(), 1, 0],
    ["relu", (x) => x.relu(), 1, 0],
    ["abs", (x) => x.abs(), 1, 0],
  ];
  it.each(unaries)("%s", (_name, f, scale, shift) => {
    for (let t = 0; t < TRIALS; t++) {
      let x = randomTensor(randomShape(gen), gen, scale, shift);
      if (_name === "relu" || _name === "abs") x = x.add(x.sign().mul(0.1)); // step off the kink
      expect(gradcheck(f, [x])).toBeLessThan(TOLERANCE);
    }
  });

  const binaries: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ["add", (a, b) => a.add(b)],
    ["sub", (a, b) => a.sub(b)],
    ["mul", (a, b) => a.mul(b)],
    ["div", (a, b) => a.div(b.abs().add(0.5))],
    ["pow", (a, b) => a.abs().add(0.5).pow(b)],
    ["maximum", (a, b) => a.maximum(b)],
    ["minimum", (a, b) => a.minimum(b)],
  ];
  it.each(binaries)("%s with broadcasting", (_name, f) => {
    for (let t = 0; t < TRIALS; t++) {
      const shape = randomShape(gen);
      const other = broadcastableShape(gen, shape);
      // Either side may be the broadcast one.
      const [sa, sb] = t % 2 ? [shape, other] : [other, shape];
      // a on odd and b on even multiples of 0.1: never closer than 0.1, so maximum has no near-ties.
      const a = gridTensor(sa, gen, 0.1);
      const b = gridTensor(sb, gen, 0);
      expect(gradcheck(f, [a, b])).toBeLessThan(TOLERANCE);
    }
  });

  it("pow by a constant and scalar arithmetic", () => {
    const x = randomTensor([3, 4], gen);
    expect(gradcheck((a) => a.pow(3).add(2).mul(0.5).sub(1).div(4), [x])).toBeLessThan(TOLERANCE);
  });

  it("clamp, where, maskedFill, tril, triu", () => {
    const x = distinctTensor([4, 5], gen);
    const mask = randomTensor([4, 1], gen).gt(0);
    expect(gradcheck((a) => a.clamp(-0.55, 0.45), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a, b) => where(mask, a, b), [x, randomTensor([5], gen)])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => a.maskedFill(mask, -3), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => a.tril().add(a.triu(1).mul(2)), [x])).toBeLessThan(TOLERANCE);
  });

  it("sum, mean, var, std over dims with keepdim", () => {
    for (let t = 0; t < TRIALS; t++) {
      const shape = randomShape(gen, 4, 4);
      const x = randomTensor(shape, gen);
      const dim = gen.integer(0, shape.length);
      const keep = t % 2 === 0;
      expect(gradcheck((a) => a.sum(dim, keep), [x])).toBeLessThan(TOLERANCE);
      expect(gradcheck((a) => a.sum(), [x])).toBeLessThan(TOLERANCE);
      expect(gradcheck((a) => a.mean([0, shape.length - 1], keep), [x])).toBeLessThan(TOLERANCE);
      if (shape[dim]! > 1) {
        expect(gradcheck((a) => a.var(dim, keep), [x])).toBeLessThan(TOLERANCE);
        expect(gradcheck((a) => a.std(dim, keep).add(a.var(dim, keep, 0)), [x])).toBeLessThan(TOLERANCE);
      }
    }
  });

  it("max, min, amax, amin with and without dims", () => {
    for (let t = 0; t < TRIALS; t++) {
      const shape = randomShape(gen, 3, 5);
      const x = distinctTensor(shape, gen);
      const dim = gen.integer(0, shape.length);
      expect(gradcheck((a) => a.max(), [x])).toBeLessThan(TOLERANCE);
      expect(gradcheck((a) => a.max(dim).values, [x])).toBeLessThan(TOLERANCE);
      expect(gradcheck((a) => a.min(dim, true).values, [x])).toBeLessThan(TOLERANCE);
      expect(gradcheck((a) => a.amax([0, shape.length - 1]).add(a.amin()), [x])).toBeLessThan(TOLERANCE);
      expect(gradcheck((a) => a.topk(1, dim).values, [x])).toBeLessThan(TOLERANCE);
    }
  });

  it("softmax, logSoftmax, logsumexp along any dim", () => {
    for (let t = 0; t < TRIALS; t++) {
      const shape = randomShape(gen, 3, 5);
      const x = randomTensor(shape, gen);
      const dim = gen.integer(0, shape.length);
      expect(gradcheck((a) => a.softmax(dim), [x])).toBeLessThan(TOLERANCE);
      expect(gradcheck((a) => a.logSoftmax(dim), [x])).toBeLessThan(TOLERANCE);
      expect(gradcheck((a) => a.logsumexp(dim), [x])).toBeLessThan(TOLERANCE);
    }
  });

  it("matmul from 1-D to 4-D, with batch broadcasting and transposed operands", () => {
    const cases: [number[], number[]][] = [
      [[3], [3]],
      [[3], [3, 4]],
      [[2, 3], [3]],
      [
        [2, 3],
        [3, 4],
      ],
      [
        [2, 2, 3],
        [3, 4],
      ],
      [
        [2, 1, 2, 3],
        [3, 3, 2],
      ],
      [
        [2, 3, 2, 4],
        [2, 3, 4, 5],
      ],
    ];
    for (const [sa, sb] of cases) {
      const a = randomTensor(sa, gen);
      const b = randomTensor(sb, gen);
      expect(gradcheck((x, y) => x.matmul(y), [a, b])).toBeLessThan(TOLERANCE);
    }
    const a = randomTensor([4, 3], gen);
    const b = randomTensor([5, 4], gen);
    expect(gradcheck((x, y) => x.T.matmul(y.T), [a, b])).toBeLessThan(TOLERANCE);
  });

  it("views: reshape, permute, transpose, expand, squeeze, slice with steps, contiguous", () => {
    const x = randomTensor([2, 3, 4], gen);
    expect(gradcheck((a) => a.reshape(4, -1).mul(a.reshape(4, 6)), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => a.permute(2, 0, 1).contiguous(), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => a.transpose(0, 2).reshape(-1), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => a.unsqueeze(1).expand(2, 5, 3, 4), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => a.slice(null, "1:", [0, 4, 2]), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => a.slice(-1, 1).squeeze(), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => a.narrow(2, 1, 2).reshape(2, 3, 2, 1).transpose(1, 2), [x])).toBeLessThan(
      TOLERANCE,
    );
  });

  it("gather, indexSelect, embedding lookup with repeated ids", () => {
    const x = randomTensor([5, 3], gen);
    const ids = tensor(new Int32Array([1, 4, 1, 0, 1, 2])).reshape(2, 3); // id 1 used three times
    expect(gradcheck((w) => w.index(ids), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((w) => w.indexSelect(1, tensor(new Int32Array([2, 2, 0]))), [x])).toBeLessThan(
      TOLERANCE,
    );
    expect(
      gradcheck((w) => w.gather(1, tensor(new Int32Array([2, 0, 0, 1, 1, 1, 0, 2])).reshape(4, 2)), [x]),
    ).toBeLessThan(TOLERANCE);
  });

  it("cat, stack, split, chunk", () => {
    const a = randomTensor([2, 3], gen);
    const b = randomTensor([2, 2], gen);
    expect(gradcheck((x, y) => cat([x, y, x], 1), [a, b])).toBeLessThan(TOLERANCE);
    expect(gradcheck((x, y) => stack([x, y.slice(null, [0, 1]).expand(2, 3)], 1), [a, b])).toBeLessThan(
      TOLERANCE,
    );
    expect(gradcheck((x) => x.split([1, 2], 1)[1]!.mul(x.chunk(3, 1)[0]!), [a])).toBeLessThan(TOLERANCE);
  });

  it("a tensor used twice accumulates both gradients", () => {
    const x = randomTensor([3], gen);
    expect(gradcheck((a) => a.mul(a).add(a.exp()), [x])).toBeLessThan(TOLERANCE);
  });

  // Gradients are added in place into a pending gradient only this pass holds, and split pieces
  // are written into one shared zero tensor: these cases must not be fooled by either.
  it("many uses: sums in place, also of the same tensor and of its transpose", () => {
    const x = randomTensor([4, 4], gen);
    expect(gradcheck((a) => a.add(a).mul(a.T).add(a.exp()).add(a.T.contiguous()), [x])).toBeLessThan(
      TOLERANCE,
    );
    expect(gradcheck((a) => a.tanh().mul(a.tanh()).add(a.sum(0, true)), [x])).toBeLessThan(TOLERANCE);
    // a's two gradients share one storage, the second one transposed: adding in place would misread it
    expect(gradcheck((a) => a.add(a.T).tanh(), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => a.T.add(a).tanh(), [x])).toBeLessThan(TOLERANCE);
    // rules that write into their incoming gradient's storage, which other nodes share or see transposed
    const [w, b] = [randomTensor([4], gen), randomTensor([4], gen)];
    const fused = (a: Tensor) =>
      a
        .tanh()
        .add(a.gelu().T)
        .add(a.softmax(-1))
        .add(layerNorm(a, w, b).T)
        .add(a.mul(2).tanh().T);
    expect(gradcheck((a) => fused(a).add(fused(a.T)), [x])).toBeLessThan(TOLERANCE);
  });

  it("split pieces, overlapping slices, one piece used twice, and the whole tensor besides", () => {
    const x = randomTensor([3, 9], gen);
    const qkv = (a: Tensor) => {
      const [q, k, v] = a.split(3, 1) as [Tensor, Tensor, Tensor];
      return q.mul(k).add(v.exp()).add(q);
    };
    expect(gradcheck(qkv, [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => qkv(a).add(a.slice(null, "2:5")), [x])).toBeLessThan(TOLERANCE); // overlaps q and k
    expect(gradcheck((a) => qkv(a).mul(a.slice(null, [3, 6])), [x])).toBeLessThan(TOLERANCE); // k's piece again
    expect(gradcheck((a) => qkv(a).sum(1).add(a.mul(a).sum(1)), [x])).toBeLessThan(TOLERANCE);
    expect(gradcheck((a) => qkv(a.T.contiguous().T), [x])).toBeLessThan(TOLERANCE);
    expect(
      gradcheck(
        (a) =>
          a
            .chunk(3, 0)[0]!
            .add(a.chunk(3, 0)[2]!)
            .mul(a.narrow(1, 1, 8).sum(1, true)),
        [x],
      ),
    ).toBeLessThan(TOLERANCE);
  });

  it("losses and layers: crossEntropy (with ignoreIndex), mseLoss, LayerNorm, Linear, attention", () => {
    const logits = randomTensor([6, 5], gen);
    const targets = tensor(new Int32Array([0, 4, -100, 2, 2, 1]));
    expect(gradcheck((z) => crossEntropy(z, targets), [logits])).toBeLessThan(TOLERANCE);
    expect(gradcheck((z, y) => mseLoss(z, y), [logits, randomTensor([6, 5], gen)])).toBeLessThan(TOLERANCE);
    const ln = new LayerNorm(5);
    ln.weight = randomTensor([5], gen).requiresGrad_();
    expect(gradcheck((z, w) => ln.forward(z).mul(w), [logits, ones([5])])).toBeLessThan(TOLERANCE);
    const x3 = randomTensor([2, 5, 3], gen).transpose(1, 2); // (2, 3, 5), not contiguous
    const [w, b] = [randomTensor([5], gen), randomTensor([5], gen)];
    expect(gradcheck((z, ww, bb) => layerNorm(z, ww, bb), [x3.contiguous(), w, b])).toBeLessThan(TOLERANCE);
    expect(
      gradcheck((z) => layerNorm(z.transpose(1, 2), w, b), [x3.transpose(1, 2).contiguous()]),
    ).toBeLessThan(TOLERANCE);
    const lin = new Linear(5, 3, { generator: gen });
    // Linear adds its bias into the matmul's fresh output: on 3-D input, and in a bigger graph
    const linear = (z: Tensor, w: Tensor, bias: Tensor) => {
      [lin.weight, lin.bias] = [w, bias];
      return lin
        .forward(z.reshape(2, 3, 5))
        .tanh()
        .mul(lin.forward(z).reshape(2, 3, 3));
    };
    expect(gradcheck(linear, [logits, lin.weight, lin.bias!])).toBeLessThan(TOLERANCE);
    expect(gradcheck((z, w, bias) => z.matmul(w.T).add(bias), [logits, lin.weight, lin.bias!])).toBeLessThan(
      TOLERANCE,
    );
    const [q, k, v] = [0, 1, 2].map(() => randomTensor([2, 2, 4, 3], gen));
    const sdpa = (a: Tensor, b: Tensor, c: Tensor) => scaledDotProductAttention(a, b, c, { isCausal: true });
    expect(gradcheck(sdpa, [q!, k!, v!])).toBeLessThan(TOLERANCE);
  });
});

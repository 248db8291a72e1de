// The frontend's behaviour, on every backend: creation, dtypes, views, printing, autograd rules of use.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { backendNames, getBackend, setBackend } from "./backend/registry.ts";
import { Generator, manualSeed } from "./random.ts";
import {
  arange,
  cat,
  eye,
  full,
  linspace,
  multinomial,
  noGrad,
  ones,
  onesLike,
  rand,
  randint,
  randn,
  randperm,
  stack,
  tensor,
  zeros,
  zerosLike,
} from "./tensor.ts";

describe.each(backendNames)("tensors on the %s backend", (backend) => {
  beforeEach(() => setBackend(backend));
  afterAll(() => setBackend("reference"));

  it("runs on the selected backend", () => {
    expect(getBackend().name).toBe(backend);
  });

  describe("creation and dtypes", () => {
    it("builds tensors from nested arrays and typed arrays", () => {
      const t = tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(t.shape).toEqual([2, 3]);
      expect(t.dtype).toBe("float32");
      expect(t.ndim).toBe(2);
      expect(t.numel).toBe(6);
      expect(t.tolist()).toEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(tensor(new Int32Array([7, 8])).dtype).toBe("int32");
      expect(tensor([1.7, -1.7], { dtype: "int32" }).tolist()).toEqual([1, -1]);
      expect(tensor(3).item()).toBe(3);
    });

    it("makes the standard tensors", () => {
      expect(zeros([2, 2]).tolist()).toEqual([
        [0, 0],
        [0, 0],
      ]);
      expect(ones([3]).tolist()).toEqual([1, 1, 1]);
      expect(full([2], 7).tolist()).toEqual([7, 7]);
      expect(arange(4).tolist()).toEqual([0, 1, 2, 3]);
      expect(arange(4).dtype).toBe("int32");
      expect(arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
      expect(arange(1, 2, 0.25).dtype).toBe("float32");
      expect(linspace(0, 1, 5).tolist()).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(eye(2, 3).tolist()).toEqual([
        [1, 0, 0],
        [0, 1, 0],
      ]);
      const x = randn([2, 3]);
      expect(zerosLike(x).shape).toEqual([2, 3]);
      expect(onesLike(arange(3)).dtype).toBe("int32");
    });

    it("draws reproducible random numbers from a seed", () => {
      manualSeed(1337);
      const a = randn([5]).tolist();
      manualSeed(1337);
      expect(randn([5]).tolist()).toEqual(a);
      const g = new Generator(3);
      const u = rand([1000], { generator: g }).toArray();
      expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...u)).toBeLessThan(1);
      const n = randn([4000], { generator: g });
      expect(Math.abs(n.mean().item())).toBeLessThan(0.06);
      expect(Math.abs(n.std().item() - 1)).toBeLessThan(0.05);
      const k = randint(2, 5, [1000], { generator: g }).toArray();
      expect(new Set(k)).toEqual(new Set([2, 3, 4]));
      expect(new Set(randint(3, [200], { generator: g }).toArray())).toEqual(new Set([0, 1, 2]));
      expect(randn([2, 5]).size(-1)).toBe(5);
      expect(randn([2, 5]).size()).toEqual([2, 5]);
    });

    it("samples from a multinomial with and without replacement", () => {
      const g = new Generator(42);
      const probs = tensor([0.1, 0.0, 0.9]);
      const draws = multinomial(probs, 2000, { replacement: true, generator: g }).toArray();
      const twos = draws.filter((d) => d === 2).length / draws.length;
      expect(twos).toBeGreaterThan(0.87);
      expect(twos).toBeLessThan(0.93);
      expect(draws.includes(1)).toBe(false);
      const perm = multinomial(ones([2, 4]), 4, { generator: g });
      expect(perm.shape).toEqual([2, 4]);
      for (const row of perm.tolist() as number[][]) expect([...row].sort()).toEqual([0, 1, 2, 3]);
      const again = multinomial(probs, 3, { replacement: true, generator: new Generator(42) });
      const first = multinomial(probs, 3, { replacement: true, generator: new Generator(42) });
      expect(again.tolist()).toEqual(first.tolist());
    });
  });

  describe("views and indexing", () => {
    const x = arange(24).float().reshape(2, 3, 4);

    it("reshapes, permutes, transposes and squeezes without copying", () => {
      expect(x.reshape(4, -1).shape).toEqual([4, 6]);
      expect(x.view(-1).data).toBe(x.data);
      const p = x.permute(2, 0, 1);
      expect(p.shape).toEqual([4, 2, 3]);
      expect(p.data).toBe(x.data);
      expect(x.transpose(0, 2).contiguous().slice(3, 0).tolist()).toEqual([3, 15]);
      expect(x.unsqueeze(0).shape).toEqual([1, 2, 3, 4]);
      expect(x.slice(null, 0).unsqueeze(1).squeeze().shape).toEqual([2, 4]);
      expect(tensor([[1, 2]]).T.tolist()).toEqual([[1], [2]]);
    });

    it("reshapes strided tensors as views when the strides allow it, else copies", () => {
      const qkv = arange(2 * 3 * 12)
        .float()
        .reshape(2, 3, 12);
      const q = qkv.narrow(2, 4, 4); // (B, T, C) view with strides (36, 12, 1)
      const heads = q.reshape(2, 3, 2, 2); // split C into (nh, hs): still a view
      expect(heads.data).toBe(qkv.data);
      expect(heads.strides).toEqual([36, 12, 2, 1]);
      expect(heads.tolist()).toEqual(q.contiguous().reshape(2, 3, 2, 2).tolist());
      const t = x.transpose(1, 2); // (2, 4, 3): merging its last two dims needs a copy
      const merged = t.reshape(2, 12);
      expect(merged.data).not.toBe(x.data);
      expect(merged.slice(0).tolist()).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    });

    it("expands by stride 0 and copies only on contiguous()", () => {
      const e = tensor([1, 2]).unsqueeze(0).expand(3, 2);
      expect(e.strides).toEqual([0, 1]);
      expect(e.contiguous().tolist()).toEqual([
        [1, 2],
        [1, 2],
        [1, 2],
      ]);
    });

    it("slices with ranges, steps and negative indices", () => {
      expect(x.slice(1, "1:", "::2").tolist()).toEqual([
        [16, 18],
        [20, 22],
      ]);
      expect(x.slice(-1, -1, [1, 3]).tolist()).toEqual([21, 22]);
      expect(x.slice(0, null, [0, 100, 3]).tolist()).toEqual([
        [0, 3],
        [4, 7],
        [8, 11],
      ]);
      expect(x.narrow(2, 1, 2).shape).toEqual([2, 3, 2]);
    });

    it("looks up embeddings with int tensors, gathers and selects", () => {
      const table = arange(10).float().reshape(5, 2);
      const ids = tensor(new Int32Array([4, 0, 4])).reshape(1, 3);
      expect(table.index(ids).tolist()).toEqual([
        [
          [8, 9],
          [0, 1],
          [8, 9],
        ],
      ]);
      expect(table.indexSelect(1, tensor(new Int32Array([1]))).tolist()).toEqual([[1], [3], [5], [7], [9]]);
      expect(
        table
          .gather(1, tensor(new Int32Array([1, 0, 1, 0, 0])).reshape(5, 1))
          .reshape(-1)
          .tolist(),
      ).toEqual([1, 2, 5, 6, 8]);
    });

    it("concatenates, stacks, splits and chunks", () => {
      const a = tensor([[1, 2]]);
      const b = tensor([[3, 4]]);
      expect(cat([a, b], 0).tolist()).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(cat([a, b], -1).tolist()).toEqual([[1, 2, 3, 4]]);
      expect(stack([a, b], 2).shape).toEqual([1, 2, 2]);
      expect(
        arange(7)
          .split(3)
          .map((t) => t.tolist()),
      ).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
      const [q, k, v] = arange(6).reshape(1, 6).chunk(3, 1);
      expect([q!.tolist(), k!.tolist(), v!.tolist()]).toEqual([[[0, 1]], [[2, 3]], [[4, 5]]]);
    });

    it("masks: tril, triu, maskedFill, comparisons", () => {
      const m = ones([3, 3]);
      expect(m.tril().tolist()).toEqual([
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 1],
      ]);
      expect(m.triu(1).sum().item()).toBe(3);
      expect(
        tensor([1, 2, 3])
          .maskedFill(tensor([0, 1, 0]), -1)
          .tolist(),
      ).toEqual([1, -1, 3]);
      expect(tensor([1, 2, 3]).ge(2).tolist()).toEqual([0, 1, 1]);
      expect(
        tensor([1, 2, 3])
          .eq(tensor([1, 0, 3]))
          .tolist(),
      ).toEqual([1, 0, 1]);
    });
  });

  describe("arithmetic and reductions", () => {
    it("broadcasts (B, T, C) with (C) and (T, 1)", () => {
      const out = zeros([2, 3, 4]).add(arange(4).float()).add(arange(3).float().reshape(3, 1));
      expect(out.shape).toEqual([2, 3, 4]);
      expect(out.slice(1, 2, 3).item()).toBe(5);
    });

    it("keeps int32 for integer arithmetic and promotes otherwise", () => {
      expect(arange(3).add(1).dtype).toBe("int32");
      expect(arange(3).mul(arange(3)).tolist()).toEqual([0, 1, 4]);
      expect(arange(3).div(2).dtype).toBe("float32");
      expect(arange(3).add(0.5).tolist()).toEqual([0.5, 1.5, 2.5]);
      expect(arange(4).sum().item()).toBe(6);
      expect(arange(4).float().sum().dtype).toBe("float32");
    });

    it("reduces over dims with keepdim, and finds max/min with indices", () => {
      const x = tensor([
        [1, 5, 2],
        [7, 0, 7],
      ]);
      expect(x.sum(0).tolist()).toEqual([8, 5, 9]);
      expect(x.sum(1, true).shape).toEqual([2, 1]);
      expect(x.mean().item()).toBeCloseTo(22 / 6, 5);
      const { values, indices } = x.max(1);
      expect(values.tolist()).toEqual([5, 7]);
      expect(indices.tolist()).toEqual([1, 0]); // the first of two equal maxima, like PyTorch
      expect(x.min(0, true).indices.tolist()).toEqual([[0, 1, 0]]);
      expect(x.argmax().item()).toBe(3);
      expect(x.max().item()).toBe(7);
      expect(x.amin([0, 1]).item()).toBe(0);
      expect(tensor([1, 2, 3, 4]).var().item()).toBeCloseTo(5 / 3, 5);
      expect(tensor([1, 2, 3, 4]).var(0, false, 0).item()).toBeCloseTo(1.25, 5);
      expect(tensor([1000, 1000]).logsumexp().item()).toBeCloseTo(1000 + Math.log(2), 3);
    });

    it("topk finds the k largest or smallest along a dim, sorted", () => {
      const x = tensor([
        [3, 1, 4, 1, 5],
        [9, 2, 6, 5, 3],
      ]);
      const { values, indices } = x.topk(2);
      expect(values.tolist()).toEqual([
        [5, 4],
        [9, 6],
      ]);
      expect(indices.tolist()).toEqual([
        [4, 2],
        [0, 2],
      ]);
      expect(x.topk(2, -1, false).indices.tolist()).toEqual([
        [1, 3], // the tie keeps index order
        [1, 4],
      ]);
      expect(x.topk(1, 0).values.tolist()).toEqual([[9, 2, 6, 5, 5]]);
      expect(() => x.topk(6)).toThrow("topk: k = 6 must be an integer from 1 to 5");
    });

    it("randperm shuffles 0..n-1 reproducibly", () => {
      const p = randperm(10, { generator: new Generator(5) });
      expect([...p.toArray()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(p.tolist()).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(randperm(10, { generator: new Generator(5) }).tolist()).toEqual(p.tolist());
    });

    it("softmax rows sum to 1 and survive large logits", () => {
      const p = tensor([
        [1000, 1001, 1002],
        [-5, 0, 5],
      ]).softmax(-1);
      expect(p.sum(-1).tolist()).toEqual([1, 1].map((v) => expect.closeTo(v, 6)));
      expect(Number.isFinite(p.slice(0, 0).item())).toBe(true);
      expect(tensor([0, Number.NEGATIVE_INFINITY]).softmax().tolist()).toEqual([1, 0]);
    });

    it("multiplies matrices from 1-D to 4-D", () => {
      const a = arange(6).float().reshape(2, 3);
      const b = arange(12).float().reshape(3, 4);
      expect(a.matmul(b).tolist()).toEqual([
        [20, 23, 26, 29],
        [56, 68, 80, 92],
      ]);
      expect(
        tensor([1, 2, 3])
          .matmul(tensor([4, 5, 6]))
          .item(),
      ).toBe(32);
      expect(randn([2, 3, 5, 4]).matmul(randn([2, 3, 4, 6])).shape).toEqual([2, 3, 5, 6]);
      expect(randn([5, 1, 2, 4]).matmul(randn([3, 4, 2])).shape).toEqual([5, 3, 2, 2]);
    });
  });

  describe("autograd", () => {
    it("accumulates gradients for a tensor used twice, and across backward calls", () => {
      const x = tensor([2, 3], { requiresGrad: true });
      x.mul(x).add(x).sum().backward(); // d/dx (x^2 + x) = 2x + 1
      expect(x.grad!.tolist()).toEqual([5, 7]);
      x.mul(2).sum().backward();
      expect(x.grad!.tolist()).toEqual([7, 9]);
      x.zeroGrad();
      expect(x.grad).toBeNull();
    });

    it("gives every leaf a .grad of its own, even where two leaves got one gradient tensor", () => {
      // add hands the same gradient tensor to a and b; whichever keeps its storage, the other copies
      const [a, b, w] = [tensor([1, 2]), tensor([3, 4]), tensor([5, 6])].map((t) => t.requiresGrad_());
      a!.add(b!).mul(w!).sum().backward();
      a!.grad!.mul_(10);
      expect(a!.grad!.tolist()).toEqual([50, 60]);
      expect(b!.grad!.tolist()).toEqual([5, 6]);
      // a given gradient is the caller's: the leaf copies it rather than keeping it
      const x = tensor([1, 2], { requiresGrad: true });
      const seed = tensor([1, 1]);
      x.add(0).backward(seed);
      x.grad!.mul_(3);
      expect(seed.tolist()).toEqual([1, 1]);
      // a weight used through its transpose (a Linear layer) gets its gradient in its own layout
      const W = tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { requiresGrad: true },
      ); // (out 2, in 3)
      tensor([[1, 0, 2]])
        .matmul(W.T)
        .sum()
        .backward();
      expect(W.grad!.tolist()).toEqual([
        [1, 0, 2],
        [1, 0, 2],
      ]);
      expect(W.grad!.strides).toEqual([3, 1]);
    });

    it("takes a given gradient for non-scalar outputs", () => {
      const x = tensor([1, 2, 3], { requiresGrad: true });
      x.mul(3).backward(tensor([1, 0, 2]));
      expect(x.grad!.tolist()).toEqual([3, 0, 6]);
    });

    it("records nothing under noGrad and after detach", () => {
      const x = tensor([1, 2], { requiresGrad: true });
      const y = noGrad(() => x.mul(2));
      expect(y.requiresGrad).toBe(false);
      expect(x.mul(2).detach().requiresGrad).toBe(false);
      expect(x.mul(2).requiresGrad).toBe(true);
    });

    it("keeps gradients of intermediates on request (retainGrad)", () => {
      const x = tensor([1, 2], { requiresGrad: true });
      const h = x.mul(3).retainGrad();
      h.sum().backward();
      expect(h.grad!.tolist()).toEqual([1, 1]);
    });
  });

  describe("in-place updates", () => {
    it("adds, multiplies, zeroes and copies in place, also through a view", () => {
      const counts = zeros([3, 3], { dtype: "int32" });
      counts.slice(1, 2).add_(1); // counts[1, 2] += 1, as when counting bigrams
      counts.slice(1, 2).add_(1);
      counts.slice(0).copy_(tensor(new Int32Array([7, 8, 9])));
      expect(counts.tolist()).toEqual([
        [7, 8, 9],
        [0, 0, 2],
        [0, 0, 0],
      ]);
      const p = ones([2], { requiresGrad: true });
      p.mul(3).sum().backward();
      noGrad(() => p.add_(p.grad!.mul(-0.1)));
      expect(p.tolist()).toEqual([expect.closeTo(0.7, 6), expect.closeTo(0.7, 6)]);
      p.detach().mul_(2);
      expect(p.slice(0).item()).toBeCloseTo(1.4, 6);
      p.detach().zero_();
      expect(p.tolist()).toEqual([0, 0]);
    });

    it("refuses to change a tensor autograd tracks", () => {
      const p = ones([2], { requiresGrad: true });
      expect(() => p.add_(1)).toThrow(
        "copy_: cannot change a tensor of shape [2] in place while autograd tracks it",
      );
      expect(() => noGrad(() => p.mul(2)).add_(1)).not.toThrow();
      expect(() => noGrad(() => p.mul(2).add_(1))).not.toThrow();
      expect(() => p.mul(2).add_(1)).toThrow("it is the recorded result of an op (mul)");
    });
  });

  describe("printing", () => {
    it("prints like PyTorch", () => {
      expect(
        tensor([
          [1, -2.5],
          [3, 4],
        ]).toString(),
      ).toBe("tensor([[ 1.0000, -2.5000],\n        [ 3.0000,  4.0000]])");
      expect(tensor([1, 2, 3]).toString()).toBe("tensor([1., 2., 3.])");
      expect(arange(3).toString()).toBe("tensor([0, 1, 2])");
      expect(tensor(0.5).toString()).toBe("tensor(0.5000)");
      expect(tensor([1], { requiresGrad: true }).toString()).toBe("tensor([1.], requires_grad=True)");
      expect(tensor([1], { requiresGrad: true }).mul(2).toString()).toBe(
        "tensor([2.], grad_fn=<MulBackward>)",
      );
      expect(tensor([1e-6, 1]).toString()).toBe("tensor([1.0000e-06, 1.0000e+00])");
      expect(zeros([2, 2, 2]).toString()).toBe(
        "tensor([[[0., 0.],\n         [0., 0.]],\n\n        [[0., 0.],\n         [0., 0.]]])",
      );
      expect(zeros([2000]).toString()).toBe("tensor([0., 0., 0., ..., 0., 0., 0.])");
    });
  });
});

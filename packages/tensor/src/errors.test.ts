// Errors name the op and the shapes, and say how to fix the mistake.
import { describe, expect, it } from "vitest";
import { setBackend } from "./backend/registry.ts";
import { crossEntropy } from "./nn/functional.ts";
import { cat, multinomial, ones, randn, tensor, zeros } from "./tensor.ts";

describe("error messages", () => {
  it("matmul names both shapes and the inner dimensions", () => {
    expect(() => zeros([3, 4]).matmul(zeros([5, 6]))).toThrow(
      "matmul: [3,4] @ [5,6]: inner dimensions 4 and 5 differ",
    );
    expect(() => zeros([2, 3, 4]).matmul(zeros([3, 4, 5]))).toThrow(
      "matmul: [2,3,4] @ [3,4,5]: batch dims: shapes [2] and [3] cannot be broadcast",
    );
    expect(() =>
      zeros([2])
        .int()
        .matmul(zeros([2])),
    ).toThrow("matmul: [2] @ [2]: int32 operands are not supported");
  });

  it("broadcasting failures name the op, both shapes and the dimension", () => {
    expect(() => zeros([2, 3]).add(zeros([4]))).toThrow(
      "add: shapes [2,3] and [4] cannot be broadcast: size 3 and size 4 differ at dimension -1 and neither is 1",
    );
  });

  it("shape changes that cannot work say so", () => {
    expect(() => zeros([2, 3]).reshape(4, 2)).toThrow(
      "reshape: cannot reshape [2,3] (6 elements) into [4,2]",
    );
    expect(() => zeros([2, 3]).expand(4, 3)).toThrow("expand: cannot expand [2,3] to [4,3]");
    expect(() => zeros([2, 3]).permute(0, 0)).toThrow("permute: [0,0] is not a permutation");
    expect(() => zeros([2, 3]).sum(2)).toThrow("sum: dim 2 is out of range for a tensor with 2 dimensions");
    expect(() => cat([zeros([2, 3]), zeros([3, 3])], 1)).toThrow(
      "cat: shapes [2,3], [3,3] differ outside dim 1",
    );
    expect(() => tensor([[1, 2], [3]])).toThrow("tensor: nested arrays are ragged");
  });

  it("out-of-range indices name the index, the dim and the valid range", () => {
    const table = zeros([65, 8]);
    expect(() => table.index(tensor(new Int32Array([3, 70])))).toThrow(
      "indexSelect: index 70 is out of range for dim 0 of size 65 (input shape [65,8], valid indices 0..64)",
    );
    expect(() => zeros([2, 3]).slice(2)).toThrow("slice: index 2 is out of range for dim 0 of size 2");
    expect(() => zeros([4, 5]).item()).toThrow(
      "item: only a tensor with one element has an item, got shape [4,5]",
    );
  });

  it("misused dtypes say which conversion to call", () => {
    expect(() => zeros([5, 2]).index(tensor([1, 2]))).toThrow(
      "indexSelect: indices must be an int32 tensor, got float32 with shape [2]; convert with .int()",
    );
    expect(() => tensor(new Int32Array([1])).requiresGrad_()).toThrow(
      "requiresGrad: expected a float32 tensor",
    );
    expect(() => crossEntropy(zeros([2, 3]), tensor([0, 1]))).toThrow("targets must be int32 class indices");
    expect(() => crossEntropy(zeros([2, 3]), tensor(new Int32Array([0, 3])))).toThrow(
      "crossEntropy: logits [2,3], targets [2]: target 3 is out of range for 3 classes (0..2)",
    );
  });

  it("backward explains what it needs", () => {
    expect(() => zeros([2]).sum().backward()).toThrow("backward: this tensor does not require grad");
    expect(() => ones([2], { requiresGrad: true }).mul(2).backward()).toThrow(
      "backward: the output has shape [2]; backward() without an argument needs one element",
    );
  });

  it("sampling and backends report bad arguments", () => {
    expect(() => multinomial(ones([3]), 4)).toThrow("multinomial: cannot draw 4 samples from 3 categories");
    expect(() => multinomial(randn([2, 2, 2]), 1)).toThrow(
      "multinomial: probs must be 1-D or 2-D, got shape [2,2,2]",
    );
    // @ts-expect-error: an unknown name, as a user could type it in plain JavaScript
    expect(() => setBackend("gpu")).toThrow(
      'setBackend: unknown backend "gpu"; available backends are reference',
    );
  });
});

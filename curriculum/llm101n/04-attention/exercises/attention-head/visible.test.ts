import { expect, expectClose, test } from "@nanoschool/harness";
import { eye, tensor } from "@nanoschool/tensor";
import { attentionHead } from "@submission";

const identity = () => ({ query: eye(2), key: eye(2), value: eye(2) });

test("the output has shape (B, T, hs)", () => {
  const x = tensor([
    [
      [1, 0],
      [0, 1],
      [1, 1],
    ],
  ]); // (1, 3, 2)
  const w = { query: tensor([[1], [0]]), key: tensor([[1], [0]]), value: tensor([[1], [1]]) }; // hs = 1
  expect(attentionHead(x, w).shape).toEqual([1, 3, 1]);
});

test("the first position only sees itself", () => {
  const x = tensor([
    [
      [3, -1],
      [0, 5],
    ],
  ]); // (1, 2, 2)
  const out = attentionHead(x, identity());
  expectClose(out.slice(0, 0), tensor([3, -1]));
});

test("equal scores average the past", () => {
  // All-zero queries make every score 0: position t averages the values of positions 0..t.
  const x = tensor([
    [
      [2, 0],
      [4, 2],
      [6, 4],
    ],
  ]); // (1, 3, 2)
  const w = {
    query: tensor([
      [0, 0],
      [0, 0],
    ]),
    key: eye(2),
    value: eye(2),
  };
  expectClose(
    attentionHead(x, w),
    tensor([
      [
        [2, 0],
        [3, 1],
        [4, 2],
      ],
    ]),
  );
});

import { expect, expectClose, test } from "@nanoschool/harness";
import { eye, tensor, zeros } from "@nanoschool/tensor";
import { multiHeadAttention } from "@submission";

// Two heads of size 1 on C = 2 channels, with zero queries: every score is 0, so each head averages
// the past of its value. Head 0's value reads channel 0, head 1's reads channel 1.
const heads = () => [
  { query: zeros([2, 1]), key: zeros([2, 1]), value: tensor([[1], [0]]) },
  { query: zeros([2, 1]), key: zeros([2, 1]), value: tensor([[0], [1]]) },
];
const x = () =>
  tensor([
    [
      [2, 10],
      [4, 20],
    ],
  ]); // (1, 2, 2)

test("concatenates the heads, then projects", () => {
  const out = multiHeadAttention(x(), heads(), { weight: eye(2), bias: zeros([2]) });
  expect(out.shape).toEqual([1, 2, 2]);
  // position 0 sees itself; position 1 averages positions 0 and 1
  expectClose(
    out,
    tensor([
      [
        [2, 10],
        [3, 15],
      ],
    ]),
  );
});

test("the projection mixes the heads and adds the bias", () => {
  const proj = { weight: tensor([[1], [1]]), bias: tensor([0.5]) }; // (2, 1): sum the two heads
  expectClose(multiHeadAttention(x(), heads(), proj), tensor([[[12.5], [18.5]]]));
});

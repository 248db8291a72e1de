import { expect, test } from "@nanoschool/harness";
import { Generator, tensor } from "@nanoschool/tensor";
import { sampleName } from "@submission";

const itos = [".", "a", "b"];

test("follows certain transitions: . -> a -> b -> .", () => {
  const probs = tensor([
    [0, 1, 0],
    [0, 0, 1],
    [1, 0, 0],
  ]);
  expect(sampleName(probs, itos, new Generator(1))).toBe("ab");
});

test("the same seed gives the same name", () => {
  const probs = tensor([
    [0, 0.5, 0.5],
    [0.4, 0.3, 0.3],
    [0.4, 0.3, 0.3],
  ]);
  const first = sampleName(probs, itos, new Generator(7));
  const second = sampleName(probs, itos, new Generator(7));
  expect(first).toBe(second);
  expect(first.length > 0).toBe(true);
  expect(/^[ab]+$/.test(first)).toBe(true);
});

test("a very low temperature always takes the most likely character", () => {
  const probs = tensor([
    [0, 0.7, 0.3],
    [0.2, 0.1, 0.7],
    [0.6, 0.3, 0.1],
  ]);
  // At T = 0.05 the weights become p^20: the largest entry of each row wins almost surely.
  expect(sampleName(probs, itos, new Generator(3), 0.05)).toBe("ab");
});

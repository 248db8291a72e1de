import { expect, expectClose, test } from "@nanoschool/harness";
import { MLP, Neuron } from "@submission";

// A fixed "random" source, so the weights are known: 0.75 -> 0.5, 0.25 -> -0.5, ...
function cycle(values: number[]): () => number {
  let k = 0;
  return () => values[k++ % values.length] ?? 0;
}

test("a neuron draws its weights in order and starts with bias 0", () => {
  const neuron = new Neuron(2, cycle([0.75, 0.25]));
  expectClose(
    neuron.parameters().map((p) => p.data),
    [0.5, -0.5, 0],
  );
});

test("a neuron computes tanh(w . x + b)", () => {
  const neuron = new Neuron(2, cycle([0.75, 0.25]));
  expectClose(neuron.forward([2, 1]).data, Math.tanh(0.5 * 2 - 0.5 * 1));
});

test("MLP(3, [4, 4, 1]) has 41 parameters and one output", () => {
  const model = new MLP(3, [4, 4, 1], cycle([0.1, 0.9, 0.4, 0.6]));
  expect(model.parameters().length).toBe(41);
  expect(model.forward([1, -2, 0.5]).length).toBe(1);
});

import { expectClose, test } from "@nanoschool/harness";
import { tensor, zeros } from "@nanoschool/tensor";
import { bengioLogits } from "@submission";

// V = 3 symbols, m = 2 features, k = 2 context, h = 2 hidden units.
const params = () => ({
  C: tensor([
    [0, 0],
    [1, 0],
    [0, 1],
  ]),
  H: tensor([
    [1, 0],
    [0, 1],
    [1, 0],
    [0, 1],
  ]),
  d: zeros([2]),
  U: tensor([
    [1, 0, 0],
    [0, 1, 0],
  ]),
  W: tensor([
    [0, 0, 1],
    [0, 0, 2],
    [0, 0, 3],
    [0, 0, 4],
  ]),
  b: tensor([0.5, 0, 0]),
});

test("the direct connections reach the logits", () => {
  // Context [1, 2]: x = [1, 0, 0, 1]; hidden = tanh([1, 1]); direct = [0, 0, 1 + 4].
  const logits = bengioLogits(tensor(new Int32Array([1, 2])).reshape(1, 2), params());
  const t = Math.tanh(1);
  expectClose(logits, tensor([[t + 0.5, t, 5]]));
});

test("a context of start markers gives just the biases", () => {
  // x = 0: hidden = tanh(d) = 0 and the direct path is 0.
  const logits = bengioLogits(tensor(new Int32Array([0, 0, 0, 0])).reshape(2, 2), params());
  expectClose(
    logits,
    tensor([
      [0.5, 0, 0],
      [0.5, 0, 0],
    ]),
  );
});

import { expect, expectClose, test } from "@nanoschool/harness";
import { Generator, randint, randn, zeros } from "@nanoschool/tensor";
import { crossEntropy } from "@nanoschool/tensor/nn";
import { mlpLogits, trainStep } from "@submission";

function smallModel() {
  const g = new Generator(3);
  return {
    C: randn([5, 2], { generator: g }).requiresGrad_(),
    W1: randn([4, 6], { generator: g }).mul(0.5).requiresGrad_(),
    b1: zeros([6]).requiresGrad_(),
    W2: randn([6, 5], { generator: g }).mul(0.1).requiresGrad_(),
    b2: zeros([5]).requiresGrad_(),
  };
}

test("returns the loss and lowers it on the same batch", () => {
  const p = smallModel();
  const g = new Generator(4);
  const X = randint(0, 5, [8, 2], { generator: g });
  const Y = randint(0, 5, [8], { generator: g });
  const before = crossEntropy(mlpLogits(p, X), Y).item();
  const returned = trainStep(p, X, Y, 0.5);
  expectClose(returned, before);
  const after = crossEntropy(mlpLogits(p, X), Y).item();
  expect(after < before).toBe(true);
});

test("a learning rate of zero changes nothing", () => {
  const p = smallModel();
  const W1 = p.W1.detach().mul(1); // a copy, not a view of the same storage
  const g = new Generator(5);
  trainStep(p, randint(0, 5, [4, 2], { generator: g }), randint(0, 5, [4], { generator: g }), 0);
  expectClose(p.W1, W1);
});

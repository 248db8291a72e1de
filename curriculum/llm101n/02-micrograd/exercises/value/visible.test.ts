import { expect, expectClose, test } from "@nanoschool/harness";
import { Value } from "@submission";

test("mul computes the product and remembers its inputs", () => {
  const a = new Value(2);
  const b = new Value(-3);
  const out = a.mul(b);
  expect(out.data).toBe(-6);
  expect(out.children.length).toBe(2);
});

test("mul's backwardStep sends each input the other factor", () => {
  const a = new Value(2);
  const b = new Value(-3);
  const out = a.mul(b);
  out.grad = 1;
  out.backwardStep();
  expect(a.grad).toBe(-3);
  expect(b.grad).toBe(2);
});

test("tanh at ln 2 is 0.6, with local derivative 1 - 0.36 = 0.64", () => {
  const n = new Value(Math.log(2));
  const o = n.tanh();
  expectClose(o.data, 0.6);
  o.grad = 1;
  o.backwardStep();
  expectClose(n.grad, 0.64);
});

test("sub and div give the right numbers", () => {
  expect(new Value(7).sub(2).data).toBe(5);
  expectClose(new Value(3).div(4).data, 0.75);
  expect(new Value(-2).relu().data).toBe(0);
  expectClose(new Value(2).pow(3).data, 8);
});

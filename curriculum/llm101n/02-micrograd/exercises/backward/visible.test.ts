import { expect, expectClose, test } from "@nanoschool/harness";
import { backward, topologicalSort, Value } from "@submission";

test("the lesson's expression L = (a*b + c) * f", () => {
  const a = new Value(3);
  const b = new Value(-2);
  const c = new Value(5);
  const f = new Value(-4);
  const L = a.mul(b).add(c).mul(f);
  backward(L);
  expect(L.grad).toBe(1);
  expectClose([a.grad, b.grad, c.grad, f.grad], [8, -12, -4, -1]);
});

test("the root comes last and the leaves before it", () => {
  const x = new Value(1);
  const y = x.tanh();
  const order = topologicalSort(y);
  expect(order.length).toBe(2);
  expect(order[0] === x).toBe(true);
  expect(order[1] === y).toBe(true);
});

test("a value used twice collects both gradients", () => {
  const p = new Value(3);
  backward(p.add(p));
  expect(p.grad).toBe(2);
});

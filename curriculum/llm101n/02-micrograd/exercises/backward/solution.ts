import { Value } from "@exercise/02-micrograd/value";

export { Value };

/** Every Value `root` depends on, each once, children before parents: root comes last. */
export function topologicalSort(root: Value): Value[] {
  const order: Value[] = [];
  const visited = new Set<Value>();
  const visit = (v: Value) => {
    if (visited.has(v)) return; // reached along another path: already placed
    visited.add(v);
    for (const child of v.children) visit(child);
    order.push(v); // after all of its children
  };
  visit(root);
  return order;
}

/** Fill in every grad with d(root)/d(value), by the chain rule in reverse topological order. */
export function backward(root: Value): void {
  const order = topologicalSort(root);
  root.grad = 1;
  for (let i = order.length - 1; i >= 0; i--) order[i]?.backwardStep();
}

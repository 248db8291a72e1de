import { Value } from "@exercise/02-micrograd/value";

export { Value };

/** Every Value `root` depends on, each once, children before parents: root comes last. */
export function topologicalSort(root: Value): Value[] {
  // TODO: depth-first search with a Set of visited Values.
  return [root];
}

/** Fill in every grad with d(root)/d(value), by the chain rule in reverse topological order. */
export function backward(root: Value): void {
  root.grad = 1;
  // TODO: call backwardStep on every node of topologicalSort(root), from the root down to the leaves.
}

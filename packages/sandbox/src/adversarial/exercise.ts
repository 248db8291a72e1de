import type { TestMeta } from "../server/types.ts";

/**
 * The exercise every hostile submission is graded against. The reference and the hidden tests
 * carry unique markers; the suite proves neither marker ever shows up in a result.
 */
export const REFERENCE_MARKER = "REF-MARKER-7f3a9c";
export const HIDDEN_MARKER = "HID-MARKER-51e2d0";

export const reference = `import { tensor, type Tensor } from "@nanoschool/tensor";
// ${REFERENCE_MARKER}: only the reference solution holds this text.
const referenceMarker = "${REFERENCE_MARKER}";
export function add(a: number, b: number): number {
  return a + b + referenceMarker.length * 0;
}
export function double(xs: number[]): Tensor {
  return tensor(xs).mul(2);
}
`;

export const hiddenTests = `import { probe } from "@nanoschool/harness";
import { add, double } from "@submission";
// ${HIDDEN_MARKER}: only the hidden tests hold this text.
const hiddenMarker = "${HIDDEN_MARKER}";
probe("adds random", {
  input: (rng) => ({ a: rng.int(0, 1000), b: rng.int(0, 1000) }),
  run: ({ a, b }) => add(a, b) + hiddenMarker.length * 0,
});
probe("doubles random", {
  input: (rng) => ({ xs: rng.floats(4) }),
  run: ({ xs }) => double(xs),
});
`;

export const visibleTests = `import { expect, expectClose, test } from "@nanoschool/harness";
import { add, double } from "@submission";
test("adds small numbers", () => {
  expect(add(2, 3)).toBe(5);
});
test("doubles a list", () => {
  expectClose(double([1, 2]), [2, 4]);
});
`;

export const testMeta: TestMeta = {
  "adds random": { weight: 1, message: "add(a, b) should return the sum." },
  "doubles random": { weight: 1, message: "double(xs) should return a tensor of every element times two." },
};

export const correctAdd = "export function add(a: number, b: number): number { return a + b; }";
export const correctDouble = `export function double(xs: number[]) { return tensor(xs).mul(2); }`;
export const correctSubmission = `import { tensor } from "@nanoschool/tensor";\n${correctAdd}\n${correctDouble}\n`;

/** A submission with add() replaced and a correct double(). */
export const withAdd = (addSource: string, prelude = "") =>
  `import { tensor } from "@nanoschool/tensor";\n${prelude}\n${addSource}\n${correctDouble}\n`;

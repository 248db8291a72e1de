// The benchmark's mix of submissions to the "add" fixture: mostly right, some wrong, some hostile, each
// with the status it must end in.
import type { SubmissionStatus } from "@nanoschool/db/schema";

export type MixEntry = { kind: "passing" | "failing" | "hostile"; code: string; expected: SubmissionStatus };

const right = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";
const mix: MixEntry[] = [
  { kind: "passing", code: right, expected: "passed" },
  { kind: "passing", code: `// checked twice\n${right}`, expected: "passed" },
  {
    kind: "passing",
    code: "export const add = (a: number, b: number): number => b + a;\n",
    expected: "passed",
  },
  { kind: "passing", code: right.replace("a + b", "a - -b"), expected: "passed" },
  { kind: "passing", code: right.replace("a + b", "[a, b].reduce((s, x) => s + x, 0)"), expected: "passed" },
  { kind: "failing", code: right.replace("a + b", "a * b"), expected: "failed" },
  { kind: "failing", code: right.replace("a + b", "Math.round(a + b)"), expected: "failed" },
  { kind: "failing", code: "export function add(a: number): number { return a; }\n", expected: "failed" },
  {
    kind: "hostile",
    code: "export function add(a: number, b: number): number { while (true) {} }\n",
    expected: "failed",
  },
  {
    kind: "hostile",
    code: "const hoard: number[][] = [];\nexport function add(): number { for (;;) hoard.push(new Array(1e6).fill(1)); }\n",
    expected: "failed",
  },
];

const wellBehaved = mix.filter((m) => m.kind !== "hostile");

/** The i-th submission of a run: the mix repeats every ten (every eight without the hostile ones). */
export function mixEntry(i: number, hostile = true): MixEntry {
  const entries = hostile ? mix : wellBehaved;
  return entries[i % entries.length]!;
}

export function expectedStatusOf(code: string): SubmissionStatus | undefined {
  return mix.find((m) => m.code === code)?.expected;
}

export function kindOf(code: string): MixEntry["kind"] | undefined {
  return mix.find((m) => m.code === code)?.kind;
}

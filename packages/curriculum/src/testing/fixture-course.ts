import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

// A tiny, valid course for tests: two chapters, three exercises (one imports an earlier one). Tests
// start from these files, break exactly one thing, and check the loader reports exactly that.

export type CourseFiles = Record<string, string | undefined>;

export const marker = {
  /** Appears only in solutions and hidden tests: it must never reach a chunk or a student-facing row. */
  secret: "SECRET-MARKER-7f3a",
};

const lesson1 = `---
title: Counting
summary: Count things and add them up.
estimatedMinutes: 20
---
We start by counting.

## Adding numbers {#adding}
Addition is $a + b$, and sums are $$\\sum_i x_i$$.

\`\`\`ts run id=first-sum
const xs = [1, 2, 3];
print(xs.reduce((a, b) => a + b, 0));
\`\`\`

> [!NOTE]
> Cells share state, like a notebook.

\`\`\`ts run timeout=5000
const total = xs.length;
print(total);
\`\`\`

::exercise{id=add}

## Doubling {#doubling}
\`\`\`ts
// a static block: shown, not run
const double = (x: number) => 2 * x;
\`\`\`

> [!TRY]
> Change the numbers and run the cell again.

::exercise{id=double}
`;

const lesson2 = `---
title: Sums of doubles
summary: Build on earlier exercises.
---
## Sum of doubles {#sum-of-doubles}
\`\`\`ts run
print(xsTwo());
function xsTwo() { return [2, 4]; }
\`\`\`

> [!WARNING]
> Earlier exercises are imported, not copied.

::exercise{id=sum-doubles}
`;

function exerciseYaml(id: string, section: string, tests: string[], dependsOn: string[] = []): string {
  return [
    `id: ${id}`,
    `title: Exercise ${id}`,
    `section: ${section}`,
    "points: 10",
    "prompt: |",
    `  Implement the function of exercise ${id}.`,
    "hints:",
    "  - Read the prompt again.",
    "  - Think about one number first.",
    "  - It is one line of arithmetic.",
    "limits: { timeMs: 5000, memoryMiB: 64 }",
    "tests:",
    ...tests.map((name) => `  "${name}": { weight: 1, message: "Check ${name}." }`),
    `dependsOn: [${dependsOn.join(", ")}]`,
    "",
  ].join("\n");
}

function probe(name: string, call: string): string {
  return `probe("${name}", {\n  input: (rng) => ({ a: rng.int(-10, 10), b: rng.int(-10, 10) }),\n  run: ({ a, b }) => ${call},\n});\n`;
}

export function validCourseFiles(): CourseFiles {
  const hiddenHeader = (name: string) =>
    `// ${marker.secret}\nimport { probe } from "@nanoschool/harness";\nimport { ${name} } from "@submission";\n`;
  return {
    "course.yaml":
      'id: tiny\ntitle: "Tiny: a test course"\nsummary: "Two chapters."\nchapters: [01-counting, 02-building]\n',
    "data/README.md": "No data sets.\n",
    "01-counting/lesson.md": lesson1,
    "01-counting/exercises/add/exercise.yaml": exerciseYaml("add", "adding", [
      "adds two numbers",
      "adds zero",
    ]),
    "01-counting/exercises/add/starter.ts":
      'export function add(a: number, b: number): number {\n  throw new Error("TODO: add a and b");\n}\n',
    "01-counting/exercises/add/solution.ts": `// ${marker.secret}\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n`,
    "01-counting/exercises/add/visible.test.ts":
      'import { expect, test } from "@nanoschool/harness";\nimport { add } from "@submission";\ntest("adds 1 and 2", () => {\n  expect(add(1, 2)).toBe(3);\n});\n',
    "01-counting/exercises/add/hidden.test.ts":
      hiddenHeader("add") + probe("adds two numbers", "add(a, b)") + probe("adds zero", "add(a, 0)"),
    "01-counting/exercises/double/exercise.yaml": exerciseYaml("double", "doubling", ["doubles"]),
    "01-counting/exercises/double/starter.ts":
      "export function double(x: number): number {\n  return x;\n}\n",
    "01-counting/exercises/double/solution.ts": `// ${marker.secret}\nexport function double(x: number): number {\n  return 2 * x;\n}\n`,
    "01-counting/exercises/double/visible.test.ts":
      'import { expect, test } from "@nanoschool/harness";\nimport { double } from "@submission";\ntest("doubles 2", () => {\n  expect(double(2)).toBe(4);\n});\n',
    "01-counting/exercises/double/hidden.test.ts": hiddenHeader("double") + probe("doubles", "double(a)"),
    "02-building/lesson.md": lesson2,
    "02-building/exercises/sum-doubles/exercise.yaml": exerciseYaml(
      "sum-doubles",
      "sum-of-doubles",
      ["sums two doubles"],
      ["01-counting/add", "01-counting/double"],
    ),
    "02-building/exercises/sum-doubles/starter.ts":
      'import { add } from "@exercise/01-counting/add";\nimport { double } from "@exercise/01-counting/double";\n\nexport function sumDoubles(a: number, b: number): number {\n  return add(a, b);\n}\n',
    "02-building/exercises/sum-doubles/solution.ts": `// ${marker.secret}\nimport { add } from "@exercise/01-counting/add";\nimport { double } from "@exercise/01-counting/double";\n\nexport function sumDoubles(a: number, b: number): number {\n  return add(double(a), double(b));\n}\n`,
    "02-building/exercises/sum-doubles/visible.test.ts":
      'import { expect, test } from "@nanoschool/harness";\nimport { sumDoubles } from "@submission";\ntest("sums the doubles of 1 and 2", () => {\n  expect(sumDoubles(1, 2)).toBe(6);\n});\n',
    "02-building/exercises/sum-doubles/hidden.test.ts":
      hiddenHeader("sumDoubles") + probe("sums two doubles", "sumDoubles(a, b)"),
  };
}

/** Writes a course into a fresh temporary folder; `undefined` values leave a file out. */
export async function writeCourse(files: CourseFiles): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "nanoschool-course-"));
  for (const [relative, content] of Object.entries(files)) {
    if (content === undefined) continue;
    await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await writeFile(path.join(dir, relative), content);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

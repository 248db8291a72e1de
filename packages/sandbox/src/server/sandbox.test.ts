import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerSandbox, type ServerSandbox } from "./sandbox.ts";

let sandbox: ServerSandbox;
beforeAll(async () => {
  sandbox = createServerSandbox({ size: 2 });
  await sandbox.warm();
});
afterAll(() => sandbox.close());

const submission = `import { tensor, type Tensor } from "@nanoschool/tensor";
export function add(a: number, b: number): number { return a + b; }
export function scale(xs: number[], k: number): Tensor { return tensor(xs).mul(k); }
export function counts(words: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of words) m.set(w[0]!, (m.get(w[0]!) ?? 0) + 1);
  return m;
}`;
const wrong = submission.replace("return a + b", "return a - b").replace(".mul(k)", ".mul(k + 0.001)");
const visibleTests = `import { test, expect, expectClose } from "@nanoschool/harness";
import { add, scale } from "@submission";
test("adds", () => { expect(add(1, 2)).toBe(3); });
test("scales", () => { expectClose(scale([1, 2, 3], 2), [2, 4, 6]); }, { weight: 2 });
test("throws on purpose", () => { expect(() => { throw new Error("nope"); }).toThrow("nope"); });`;
const hiddenTests = `import { probe } from "@nanoschool/harness";
import { add, scale, counts } from "@submission";
probe("adds random", { input: (rng) => ({ a: rng.int(0, 100), b: rng.int(0, 100) }), run: ({ a, b }) => add(a, b) });
probe("scales random", { input: (rng) => ({ xs: rng.floats(5), k: rng.float() }), run: ({ xs, k }) => scale(xs, k) });
probe("counts words", { input: (rng) => ({ words: rng.words(6) }), run: ({ words }) => counts(words), tolerance: { atol: 0, rtol: 0 } });`;
const testMeta = {
  "adds random": { weight: 1, message: "Add the two numbers." },
  "scales random": { weight: 2, message: "Multiply every element by k." },
  "counts words": { weight: 1, message: "Count words by first letter." },
};

describe("runCell / runCells", () => {
  it("shares top-level declarations between cells in order and streams outputs of every kind", async () => {
    const { cells } = await sandbox.runCells({
      cells: [
        "const base: number = 40;\nfunction inc(x: number) { return x + 1; }",
        'let total = inc(base) + 1;\nprint("total", total);\ntotal += 1;',
        'print(total);\nconst t = zeros([2, 3]);\nconsole.log(t);\ntable([{ a: 1, b: "x" }], { title: "t" });\nplot({ series: [{ name: "loss", values: [3, 2, 1] }] });\nconsole.log(await loadData("names"));',
      ],
      data: { names: "emma\nolivia" },
    });
    expect(cells.map((c) => c.status)).toEqual(["ok", "ok", "ok"]);
    expect(cells[1]!.outputs).toEqual([{ kind: "text", stream: "log", text: "total 42" }]);
    const third = cells[2]!.outputs;
    expect(third[0]).toEqual({ kind: "text", stream: "log", text: "43" });
    expect(third[1]).toMatchObject({
      kind: "tensor",
      shape: [2, 3],
      dtype: "float32",
      values: [0, 0, 0, 0, 0, 0],
    });
    expect(third[2]).toEqual({
      kind: "table",
      title: "t",
      columns: ["a", "b"],
      rows: [["1", "x"]],
      truncated: false,
    });
    expect(third[3]).toEqual({
      kind: "plot",
      spec: { kind: "line", series: [{ name: "loss", values: [3, 2, 1] }] },
    });
    expect(third[4]).toEqual({ kind: "text", stream: "log", text: "emma\nolivia" });
  });

  it("maps imports of @nanoschool/tensor and its subpaths to the bundle and refuses anything else", async () => {
    const { cells } = await sandbox.runCells({
      cells: [
        'import { zeros } from "@nanoschool/tensor";\nimport { Linear } from "@nanoschool/tensor/nn";\nimport { Value } from "@nanoschool/tensor/value";\nprint(zeros([2, 3]).shape, typeof Linear, new Value(2).mul(3).data);',
        'import { readFileSync } from "node:fs";\nprint(readFileSync);',
      ],
    });
    expect(cells[0]).toMatchObject({ status: "ok", outputs: [{ kind: "text", text: "[2, 3] function 6" }] });
    expect(cells[1]!.status).toBe("error");
    expect(cells[1]!.error?.message).toMatch(/Cannot import "node:fs": only @nanoschool\/tensor/);
  });

  it("locates a runtime error at the cell's own line", async () => {
    const result = await sandbox.runCell({
      code: "const x = 1;\n\nconst y = (x as any).foo.bar;",
      priorCells: [],
    });
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({ file: "cell-1.ts", line: 3 });
    expect(result.error?.message).toMatch(/TypeError: Cannot read properties of undefined/);
  });

  it("reports a syntax error with line and column; earlier cells run, later ones do not", async () => {
    const { cells } = await sandbox.runCells({ cells: ["const a = 1;", "let b = ;", "print(1)"] });
    expect(cells.map((c) => c.status)).toEqual(["ok", "error", "not-run"]);
    expect(cells[1]!.error).toMatchObject({ file: "cell-2.ts", line: 1, column: 9 });
  });

  it("truncates output past the limit with a note", async () => {
    const result = await sandbox.runCell({
      code: 'for (let i = 0; i < 5000; i++) print("line " + i + " " + "x".repeat(40));',
    });
    expect(result.status).toBe("ok");
    const text = result.outputs.filter((o) => o.kind === "text");
    const bytes = text.reduce((n, o) => n + (o.kind === "text" ? o.text.length : 0), 0);
    expect(bytes).toBeLessThanOrEqual(64 * 1024);
    expect(result.outputs.at(-1)).toMatchObject({
      kind: "note",
      text: expect.stringMatching(/Output truncated/),
    });
  });

  it("runs the tensor runtime with WebAssembly, SharedArrayBuffer and Atomics removed", async () => {
    const result = await sandbox.runCell({
      code: "print(typeof WebAssembly, typeof SharedArrayBuffer, typeof Atomics, typeof getBackend().name);\nprint(tensor([1, 2]).add(1).tolist());",
    });
    expect(result.outputs).toEqual([
      { kind: "text", stream: "log", text: "undefined undefined undefined string" },
      { kind: "text", stream: "log", text: "[2, 3]" },
    ]);
  });

  it("stops an endless loop at the time limit", async () => {
    const started = Date.now();
    const result = await sandbox.runCell({ code: "while (true) {}", timeMs: 300 });
    expect(result.status).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("runVisibleTests", () => {
  it("reports each test with status, message, weight and duration", async () => {
    const good = await sandbox.runVisibleTests({ submission, tests: visibleTests });
    expect(good.status).toBe("ok");
    expect(good.tests.map((t) => [t.name, t.status, t.weight])).toEqual([
      ["adds", "passed", 1],
      ["scales", "passed", 2],
      ["throws on purpose", "passed", 1],
    ]);
    const bad = await sandbox.runVisibleTests({ submission: wrong, tests: visibleTests });
    expect(bad.tests[0]).toMatchObject({ status: "failed", message: "AssertionError: expected -1 to be 3" });
    expect(bad.tests[1]!.message).toMatch(/shape \(3,\).*worst at \[2\]: actual 6\.00\d+, expected 6/);
  });

  it("prints both shapes when expectClose compares tensors of different shapes", async () => {
    const tests = `import { test, expectClose } from "@nanoschool/harness";
import { scale } from "@submission";
test("shape", () => { expectClose(scale([1, 2], 1).reshape([2, 1]), [[1, 2]]); });`;
    const result = await sandbox.runVisibleTests({ submission, tests });
    expect(result.tests[0]).toMatchObject({ status: "failed" });
    expect(result.tests[0]!.message).toContain("shapes differ: actual (2, 1), expected (1, 2)");
  });

  it("gives the only visible test the timeout of the run that died, without running it again", async () => {
    const before = sandbox.stats().isolateRuns;
    const result = await sandbox.runVisibleTests({
      submission: "export function add(a: number, b: number): number { for (;;) {} }",
      tests:
        'import { test, expect } from "@nanoschool/harness";\nimport { add } from "@submission";\ntest("adds", () => { expect(add(1, 2)).toBe(3); });',
      limits: { timeMs: 300 },
    });
    expect(result.tests.map((t) => [t.name, t.status])).toEqual([["adds", "timeout"]]);
    expect(sandbox.stats().isolateRuns - before).toBe(2); // all tests at once, then the listing
  });

  it("returns a compile error with the student's line and column", async () => {
    const result = await sandbox.runVisibleTests({
      submission: "export function add(a, b) {\n  return a +;\n}",
      tests: visibleTests,
    });
    expect(result.status).toBe("compile-error");
    expect(result.compileError).toMatchObject({ file: "submission.ts", line: 2, column: 13 });
  });

  it("resolves @exercise/<chapter>/<exercise> imports from the dependencies given", async () => {
    const dependent =
      'import { add } from "@exercise/01-basics/add";\nexport const add3 = (a: number, b: number, c: number) => add(add(a, b), c);';
    const tests =
      'import { test, expect } from "@nanoschool/harness";\nimport { add3 } from "@submission";\ntest("add3", () => expect(add3(1, 2, 3)).toBe(6));';
    const result = await sandbox.runVisibleTests({
      submission: dependent,
      tests,
      dependencies: { "01-basics/add": submission },
    });
    expect(result.tests.map((t) => t.status)).toEqual(["passed"]);
  });
});

describe("runHiddenProbes and gradeExercise", () => {
  it("passes the reference against itself and fails a wrong submission, with author messages only", async () => {
    const right = await sandbox.runHiddenProbes({
      submission,
      reference: submission,
      hiddenTests,
      seed: 7,
      testMeta,
    });
    expect(right.authoringErrors).toEqual([]);
    expect(right.tests.map((t) => t.status)).toEqual(["passed", "passed", "passed"]);
    const bad = await sandbox.runHiddenProbes({
      submission: wrong,
      reference: submission,
      hiddenTests,
      seed: 7,
      testMeta,
    });
    expect(bad.tests).toEqual([
      {
        name: "adds random",
        status: "failed",
        message: "Add the two numbers.",
        weight: 1,
        durationMs: expect.any(Number),
      },
      {
        name: "scales random",
        status: "failed",
        message: "Multiply every element by k.",
        weight: 2,
        durationMs: expect.any(Number),
      },
      { name: "counts words", status: "passed", message: "", weight: 1, durationMs: expect.any(Number) },
    ]);
    for (const t of bad.tests) expect(t.durationMs % 100).toBe(0);
  });

  it("gives a submission fitted to one seed's inputs a fail under another seed", async () => {
    // A constant that was right for one seed's random inputs; the seed differs per submission.
    const fitted = submission.replace("return a + b;", "return 57;");
    const results = await Promise.all(
      [1, 2, 3].map((seed) =>
        sandbox.runHiddenProbes({ submission: fitted, reference: submission, hiddenTests, seed, testMeta }),
      ),
    );
    expect(results.some((r) => r.tests[0]!.status === "failed")).toBe(true);
  });

  it("runs the reference once per exercise version, seed and probe, and still judges every submission", async () => {
    // A version of the hidden tests no other test used, so nothing of it is cached yet.
    const version = `${hiddenTests}\n// version for the cache test`;
    const grade = (code: string, seed: number) =>
      sandbox.runHiddenProbes({
        submission: code,
        reference: submission,
        hiddenTests: version,
        seed,
        testMeta,
      });
    const before = sandbox.stats();
    // Two at once with one seed: one reference run per probe serves both.
    const [first, concurrent] = await Promise.all([grade(submission, 21), grade(wrong, 21)]);
    const afterFirst = sandbox.stats();
    expect(afterFirst.referenceMisses - before.referenceMisses).toBe(3);
    expect(afterFirst.referenceHits - before.referenceHits).toBe(3);
    // 1 listing + 3 reference runs + 2 x 3 student runs.
    expect(afterFirst.isolateRuns - before.isolateRuns).toBe(10);
    expect(first.tests.map((t) => t.status)).toEqual(["passed", "passed", "passed"]);
    expect(concurrent.tests.map((t) => t.status)).toEqual(["failed", "failed", "passed"]);

    const again = await grade(wrong, 21);
    const afterAgain = sandbox.stats();
    expect(afterAgain.referenceMisses).toBe(afterFirst.referenceMisses);
    expect(afterAgain.isolateRuns - afterFirst.isolateRuns).toBe(3); // the student's runs only
    expect(again.tests.map((t) => t.status)).toEqual(["failed", "failed", "passed"]);

    await grade(submission, 22); // another seed: other inputs, other reference outputs
    expect(sandbox.stats().referenceMisses - afterAgain.referenceMisses).toBe(3);
  });

  it("reports authoring errors: a probe that throws with the reference, a probe missing from testMeta", async () => {
    const broken = `${hiddenTests}\nprobe("throws", { run: () => { throw new Error("bad probe"); } });`;
    const result = await sandbox.runHiddenProbes({
      submission,
      reference: submission,
      hiddenTests: broken,
      seed: 1,
      testMeta,
    });
    expect(result.authoringErrors).toEqual([
      'probe "throws" has no entry in exercise.yaml tests',
      'probe "throws" fails with the reference solution: Error: bad probe',
    ]);
    expect(result.tests.at(-1)).toMatchObject({ name: "throws", status: "error" });
  });

  it("combines visible and hidden tests into a score", async () => {
    const graded = await sandbox.gradeExercise({
      submission: wrong,
      visibleTests,
      hiddenTests,
      reference: submission,
      seed: 3,
      testMeta,
    });
    expect(graded.status).toBe("failed");
    // Only hidden tests count when there are any: weights 1 + 2 + 1, of which "counts words" passed.
    expect(graded.maxScore).toBe(4);
    expect(graded.score).toBe(1);
    expect(graded.tests.map((t) => `${t.visibility}:${t.name}:${t.status}`)).toEqual([
      "visible:adds:failed",
      "visible:scales:failed",
      "visible:throws on purpose:passed",
      "hidden:adds random:failed",
      "hidden:scales random:failed",
      "hidden:counts words:passed",
    ]);
    const full = await sandbox.gradeExercise({
      submission,
      visibleTests,
      hiddenTests,
      reference: submission,
      seed: 3,
      testMeta,
    });
    expect(full).toMatchObject({ status: "passed", score: 4, maxScore: 4, authoringErrors: [] });
    const visibleOnly = await sandbox.gradeExercise({ submission: wrong, visibleTests, seed: 3 });
    expect(visibleOnly).toMatchObject({ status: "failed", score: 1, maxScore: 4 });
  });
});

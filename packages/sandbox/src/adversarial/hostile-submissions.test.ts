import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerSandbox, type GradeResult, type ServerSandbox } from "../server/sandbox.ts";
import {
  correctSubmission,
  HIDDEN_MARKER,
  hiddenTests,
  REFERENCE_MARKER,
  reference,
  testMeta,
  visibleTests,
} from "./exercise.ts";
import { fixtures, SUITE_LIMITS } from "./fixtures.ts";

let sandbox: ServerSandbox;
beforeAll(async () => {
  sandbox = createServerSandbox({ size: 3, graceMs: 1500 });
  await sandbox.warm();
});
afterAll(() => sandbox.close());

let seed = 1000;
const grade = (submission: string, limits: { timeMs: number; memoryMiB: number } = SUITE_LIMITS) =>
  sandbox.gradeExercise({
    submission,
    visibleTests,
    hiddenTests,
    reference,
    seed: seed++,
    limits,
    testMeta,
  });

/** No byte of the reference or the hidden tests may leave, whatever the submission did. */
function expectNoSecrets(result: unknown) {
  const text = JSON.stringify(result);
  expect(text).not.toContain(HIDDEN_MARKER);
  expect(text).not.toContain(REFERENCE_MARKER);
  expect(text).not.toContain("hiddenMarker");
  expect(text).not.toContain("referenceMarker");
  expect(text).not.toContain("hidden.test.ts");
}

function statusesOf(result: GradeResult) {
  return Object.fromEntries(result.tests.map((t) => [t.name, t.status]));
}

describe("hostile submissions against the server runner", () => {
  it("has at least 30 hostile fixtures, each with a distinct name", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(new Set(fixtures.map((f) => f.name)).size).toBe(fixtures.length);
  });

  it("grades the correct submission as passed before any attack", async () => {
    const result = await grade(correctSubmission);
    expect(statusesOf(result)).toEqual({
      "adds small numbers": "passed",
      "doubles a list": "passed",
      "adds random": "passed",
      "doubles random": "passed",
    });
    expect(result).toMatchObject({ status: "passed", score: 2, maxScore: 2 });
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: ${fixture.threat}`, async () => {
      const started = Date.now();
      const limits = fixture.limits ?? SUITE_LIMITS;
      const result = await grade(fixture.submission, limits);
      const elapsed = Date.now() - started;

      // The outcome it must get, test by test, and no extra tests.
      expect(statusesOf(result)).toEqual(fixture.expected);
      // Limits hold: even the slowest run ends within the limit plus the host's grace period,
      // with visible and hidden runs queued on three children.
      expect(elapsed).toBeLessThan(limits.timeMs * 6 + 3000);
      // Hidden results carry only the author's words and a coarse duration.
      for (const test of result.tests.filter((t) => t.visibility === "hidden")) {
        expect(test.message).toBe(test.status === "passed" ? "" : testMeta[test.name]!.message);
        expect(test.durationMs % 100).toBe(0);
      }
      expectNoSecrets(result);

      // The host is alive and a normal submission right after is graded correctly.
      const after = await grade(correctSubmission);
      expect(after).toMatchObject({ status: "passed", score: 2, maxScore: 2 });
      // Whatever the visible tests say, the score comes from hidden probes the submission cannot fool.
      const hiddenPassed = result.tests.filter(
        (t) => t.visibility === "hidden" && t.status === "passed",
      ).length;
      expect(result.score).toBe(hiddenPassed);
    });
  }

  it("keeps the hidden runs' console output, errors and return values out of runHiddenProbes", async () => {
    const leaky = `import { tensor } from "@nanoschool/tensor";
export function add(a: number, b: number): number {
  const stack = String(new Error().stack);
  console.log(stack);
  throw new Error(stack);
}
export function double(xs: number[]): any { console.error(String(new Error().stack)); return String(new Error().stack); }`;
    const result = await sandbox.runHiddenProbes({
      submission: leaky,
      reference,
      hiddenTests,
      seed: 5,
      limits: SUITE_LIMITS,
      testMeta,
    });
    expect(result.tests.map((t) => [t.name, t.status, t.message])).toEqual([
      ["adds random", "error", testMeta["adds random"]!.message],
      ["doubles random", "failed", testMeta["doubles random"]!.message],
    ]);
    expect(Object.keys(result.tests[0]!).sort()).toEqual([
      "durationMs",
      "message",
      "name",
      "status",
      "weight",
    ]);
    expectNoSecrets(result);
  });

  it("stops a memory bomb in a notebook cell and keeps the runner usable", async () => {
    const bomb = await sandbox.runCell({
      code: "const keep = [];\nwhile (true) keep.push(new Array(100000).fill(1));",
      timeMs: 5000,
      memoryMiB: 32,
    });
    expect(bomb.status).toBe("memory");
    const next = await sandbox.runCell({ code: "print(1 + 1)" });
    expect(next.outputs).toEqual([{ kind: "text", stream: "log", text: "2" }]);
  });
});

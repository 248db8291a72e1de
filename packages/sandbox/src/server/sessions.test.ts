// A submission's runs (its visible tests, then each hidden probe on the student's side) share one
// isolate, each in a fresh context: nothing a run leaves behind may reach the next one, a run that hits
// a limit must not take the others down, and reference runs never join a student's session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerSandbox, type ServerSandbox } from "./sandbox.ts";

// One child: a session's runs can only be spread over idle children, and there are none.
let single: ServerSandbox;
beforeAll(async () => {
  single = createServerSandbox({ size: 1 });
  await single.warm();
});
afterAll(() => single.close());

// Counts its calls in module state, on globalThis and on Object.prototype, and patches the harness:
// if any of that carried from one run to the next, the later runs would see a count above 1.
const counting = `import { expect } from "@nanoschool/harness";
let calls = 0;
export function add(a: number, b: number): number {
  calls++;
  const g = globalThis as { seen?: number };
  g.seen = (g.seen ?? 0) + 1;
  const proto = Object.prototype as { polluted?: number };
  proto.polluted = (proto.polluted ?? 0) + 1;
  (expect as unknown as { patched?: number }).patched = ((expect as unknown as { patched?: number }).patched ?? 0) + 1;
  return a + b + 1000 * (calls - 1) + 1000 * (g.seen - 1) + 1000 * (proto.polluted - 1) + 1000 * ((expect as unknown as { patched: number }).patched - 1);
}`;
const reference = "export function add(a: number, b: number): number { return a + b; }";
const visibleTests = `import { test, expect } from "@nanoschool/harness";
import { add } from "@submission";
test("adds once", () => { expect(add(1, 2)).toBe(3); });`;
const hiddenTests = `import { probe } from "@nanoschool/harness";
import { add } from "@submission";
probe("first", { input: (rng) => ({ a: rng.int(0, 9), b: rng.int(0, 9) }), run: ({ a, b }) => add(a, b) });
probe("second", { input: (rng) => ({ a: rng.int(0, 9), b: rng.int(0, 9) }), run: ({ a, b }) => add(a, b) });`;
const testMeta = { first: { weight: 1, message: "m1" }, second: { weight: 1, message: "m2" } };

describe("grading sessions", () => {
  it("runs a submission's visible tests and probes in one isolate, and no state crosses between them", async () => {
    const grade = (submission: string, seed: number) =>
      single.gradeExercise({ submission, visibleTests, hiddenTests, reference, testMeta, seed });
    await grade(reference, 1); // lists the probes and caches the reference outputs for seed 1
    const before = single.stats();
    const result = await grade(counting, 1);
    const after = single.stats();
    expect(result.tests.map((t) => [t.name, t.status])).toEqual([
      ["adds once", "passed"],
      ["first", "passed"],
      ["second", "passed"],
    ]);
    expect(after.isolateRuns - before.isolateRuns).toBe(3);
    expect(after.isolatesCreated - before.isolatesCreated).toBe(1);
    expect(after.referenceMisses).toBe(before.referenceMisses);
  });

  it("gives the runs after one that hit the time limit a fresh isolate and their own verdicts", async () => {
    // The visible test's input (1, 2) loops forever; the probes' inputs (0..9) never equal it.
    const loopsOnVisible = `export function add(a: number, b: number): number {
  if (a === 1 && b === 2 && String(a + b) === "3") { for (;;) {} }
  return a + b;
}`;
    const probesOnly = hiddenTests.replace(/rng\.int\(0, 9\)/g, "rng.int(3, 9)");
    const before = single.stats();
    const result = await single.gradeExercise({
      submission: loopsOnVisible,
      visibleTests,
      hiddenTests: probesOnly,
      reference,
      testMeta,
      seed: 2,
      limits: { timeMs: 300 },
    });
    expect(result.tests.map((t) => [t.name, t.status])).toEqual([
      ["adds once", "timeout"],
      ["first", "passed"],
      ["second", "passed"],
    ]);
    // The reference side (listing + two probes) ran in isolates of its own, before the student's.
    expect(single.stats().isolatesCreated - before.isolatesCreated).toBeGreaterThanOrEqual(3 + 2);
  });

  it("never puts a reference run in a student's session", async () => {
    // Only the student's runs are in the session: three runs, one isolate; the reference's three
    // runs (listing, two probes) come on top, one isolate each.
    const fresh = hiddenTests.replace('probe("second"', '// fresh version\nprobe("second"');
    const before = single.stats();
    await single.gradeExercise({
      submission: reference,
      visibleTests,
      hiddenTests: fresh,
      reference,
      testMeta,
      seed: 3,
    });
    const after = single.stats();
    expect(after.isolateRuns - before.isolateRuns).toBe(6);
    expect(after.referenceMisses - before.referenceMisses).toBe(2);
    // 1 listing + 2 reference probes, each alone; then the student's visible run and 2 probes share
    // one isolate, or two if the probes were ready only after the visible run had left.
    expect(after.isolatesCreated - before.isolatesCreated).toBeLessThanOrEqual(5);
    expect(after.isolatesCreated - before.isolatesCreated).toBeGreaterThanOrEqual(4);
  });
});

describe("an idle pool spreads a session", () => {
  it("runs a session's jobs side by side when children are idle", async () => {
    const wide = createServerSandbox({ size: 3 });
    try {
      await wide.warm();
      const grade = () =>
        wide.gradeExercise({
          submission: reference,
          visibleTests,
          hiddenTests,
          reference,
          testMeta,
          seed: 4,
        });
      await grade();
      const before = wide.stats();
      const result = await grade();
      const after = wide.stats();
      expect(result.status).toBe("passed");
      // Three runs over three idle children: three isolates, not one.
      expect(after.isolateRuns - before.isolateRuns).toBe(3);
      expect(after.isolatesCreated - before.isolatesCreated).toBe(3);
    } finally {
      await wide.close();
    }
  });
});

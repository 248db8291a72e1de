import { describe, expect, it } from "vitest";
import { readAddFixture } from "../testing.ts";
import { runWithLocalRunner } from "./local-runner.ts";

describe("runWithLocalRunner", () => {
  it("passes the reference solution and fails the starter on the hidden probes", async () => {
    const exercise = await readAddFixture();
    const request = { exercise, seed: 7, dependencies: {}, include: { visible: true, hidden: true } };
    const good = await runWithLocalRunner({ ...request, code: exercise.solutionCode });
    expect(good.status).toBe("passed");
    expect(good.score).toBe(10);
    expect(good.tests.map((t) => [t.visibility, t.status])).toEqual([
      ["visible", "passed"],
      ["hidden", "passed"],
      ["hidden", "passed"],
    ]);
    const bad = await runWithLocalRunner({ ...request, code: exercise.starterCode });
    expect(bad.status).toBe("failed");
    expect(bad.score).toBe(0);
    const hidden = bad.tests.filter((t) => t.visibility === "hidden");
    expect(hidden.map((t) => t.message)).toEqual([
      exercise.tests["adds small integers"]!.message,
      exercise.tests["adds negative and fractional numbers"]!.message,
    ]);
  });

  it("stops an endless loop at the time limit", async () => {
    const exercise = await readAddFixture();
    const report = await runWithLocalRunner({
      exercise: { ...exercise, limits: { timeMs: 500, memoryMiB: 64 } },
      code: "export function add(a: number, b: number): number { while (true) {} }",
      seed: 1,
      dependencies: {},
      include: { visible: false, hidden: true },
    });
    expect(report.tests.map((t) => t.status)).toEqual(["timeout", "timeout"]);
  });
});

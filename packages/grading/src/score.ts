import type { GradeReport, TestReport } from "./types.ts";

/**
 * The grade of a set of test results: hidden tests carry the score when they ran (they are the grade),
 * else the visible ones do; the exercise's points are shared out by weight. Passed means every test passed.
 */
export function scoreTests(tests: TestReport[], points: number, durationMs: number): GradeReport {
  const hidden = tests.filter((t) => t.visibility === "hidden");
  const counted = hidden.length > 0 ? hidden : tests;
  const total = counted.reduce((sum, t) => sum + t.weight, 0);
  const earned = counted.filter((t) => t.status === "passed").reduce((sum, t) => sum + t.weight, 0);
  const score = total > 0 ? Math.round((points * earned * 100) / total) / 100 : 0;
  const passed = tests.length > 0 && tests.every((t) => t.status === "passed");
  return {
    status: passed ? "passed" : "failed",
    score,
    maxScore: points,
    durationMs: Math.round(durationMs),
    tests,
  };
}

import { createServerSandbox } from "@nanoschool/sandbox/server";
import { readCourseData } from "./course-data.ts";
import type { CellOutcome, CourseSandbox, HiddenRun, VisibleRun } from "./course-sandbox.ts";

/** Lesson cells train small models; they get more room than an exercise's default 128 MiB. */
const lessonMemoryMiB = 512;

export type ServerCourseSandboxOptions = {
  /** The course folder; its data/ files become `loadData(name)` data sets (name = file name without extension). */
  courseDir: string;
  /** Child processes kept warm (default: the sandbox's own, 2). */
  size?: number;
};

/** The validator's CourseSandbox on the server sandbox (@nanoschool/sandbox/server). */
export async function createServerCourseSandbox(options: ServerCourseSandboxOptions): Promise<CourseSandbox> {
  const data = await readCourseData(options.courseDir);
  const sandbox = createServerSandbox(options.size ? { size: options.size } : {});
  await sandbox.warm();
  return {
    async runLessonCells(_lessonKey, cells, exercises) {
      const { cells: results } = await sandbox.runCells({
        cells: cells.map((cell) => ({ code: cell.code, timeMs: cell.timeoutMs })),
        memoryMiB: lessonMemoryMiB,
        data,
        // Server side only: the reference solutions stand in for the student's exercises.
        exercises: Object.fromEntries(
          Object.entries(exercises).map(([key, e]) => [key, { ...e, reference: true }]),
        ),
      });
      const outcomes: CellOutcome[] = [];
      for (const [index, result] of results.entries()) {
        const cell = cells[index]!;
        if (result.status === "not-run") break;
        const base = { cellId: cell.id, durationMs: result.durationMs };
        // The sandbox limits the lesson as a whole; each cell must also keep to its own limit.
        if (result.status === "timeout" || (result.status === "ok" && result.durationMs > cell.timeoutMs)) {
          outcomes.push({ ...base, status: "timeout" });
          if (result.status === "timeout") break;
        } else if (result.status === "ok") {
          outcomes.push({ ...base, status: "ok" });
        } else {
          const message =
            result.status === "memory"
              ? `ran out of memory (${lessonMemoryMiB} MiB)${result.error ? `: ${result.error.message}` : ""}`
              : (result.error?.message ?? "failed");
          const outcome: CellOutcome = { ...base, status: "error", message };
          if (result.error?.line !== undefined) outcome.line = result.error.line;
          outcomes.push(outcome);
          break;
        }
      }
      return outcomes;
    },

    async runVisibleTests(run): Promise<VisibleRun> {
      const result = await sandbox.runVisibleTests({
        submission: run.submission,
        tests: run.exercise.visibleTests.source,
        dependencies: run.dependencies,
        limits: run.exercise.limits,
        data,
      });
      const tests = result.tests.map((test) => ({
        name: test.name,
        status: test.status,
        message: test.message,
      }));
      if (result.status === "compile-error" && result.compileError) {
        const e = result.compileError;
        return { tests, error: `${e.file}:${e.line}:${e.column}: ${e.message}` };
      }
      if (result.status === "load-error") {
        const e = result.loadError;
        return {
          tests,
          error: e
            ? `${e.file ?? ""}${e.line ? `:${e.line}` : ""} ${e.message}`.trim()
            : "the modules do not load",
        };
      }
      return { tests };
    },

    async runHiddenProbes(run, reference, seed): Promise<HiddenRun> {
      const result = await sandbox.runHiddenProbes({
        submission: run.submission,
        reference,
        hiddenTests: run.exercise.hiddenTests.source,
        dependencies: run.dependencies,
        seed,
        limits: run.exercise.limits,
        testMeta: run.exercise.tests,
        data,
      });
      return {
        tests: result.tests.map((test) => ({ name: test.name, status: test.status, message: test.message })),
        authoringErrors: result.authoringErrors,
      };
    },

    close: () => sandbox.close(),
  };
}

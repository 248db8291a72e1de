import type { CellExercises, CourseSandbox, TestOutcome } from "./course-sandbox.ts";
import { allExercises, type Course, type Exercise, runnableCells } from "./model.ts";
import type { Problem } from "./problems.ts";

export type ValidationEvent =
  | {
      kind: "lesson";
      lessonKey: string;
      cells: number;
      passed: number;
      durationMs: number;
      slowest?: { cellId: string; durationMs: number };
    }
  | {
      kind: "exercise";
      key: string;
      solutionVisible: { passed: number; total: number };
      solutionHidden: { passed: number; total: number };
      starterFailed: { failed: number; total: number };
      durationMs: number;
    };

export type ValidateOptions = {
  /** Called as each lesson and each exercise finishes, for progress output. */
  onProgress?: (event: ValidationEvent) => void;
  /** The seed of the hidden probes' random inputs. */
  seed?: number;
};

/**
 * Proves a loaded course in the sandbox: every runnable cell runs without error within its limit, in
 * lesson order with shared state; every exercise's solution passes its visible tests and its hidden
 * probes; every starter fails at least one hidden probe. Returns the problems, as `file:line` facts.
 */
export async function validateCourse(
  course: Course,
  sandbox: CourseSandbox,
  options: ValidateOptions = {},
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const byKey = new Map(allExercises(course).map((exercise) => [exercise.key, exercise]));
  for (const chapter of course.chapters) {
    const lesson = chapter.lesson;
    const cells = runnableCells(lesson);
    if (cells.length === 0) continue;
    const started = performance.now();
    const outcomes = await sandbox.runLessonCells(
      lesson.key,
      cells.map((cell) => ({
        id: cell.id,
        code: cell.code,
        timeoutMs: cell.timeoutMs,
        file: cell.file,
        codeLine: cell.codeLine,
      })),
      cellExercises(chapter.exercises, byKey),
    );
    let passed = 0;
    for (const cell of cells) {
      const outcome = outcomes.find((o) => o.cellId === cell.id);
      if (!outcome) {
        problems.push({
          file: cell.file,
          line: cell.line,
          message: `cell "${cell.id}" did not run because an earlier cell failed`,
        });
      } else if (outcome.status === "timeout") {
        problems.push({
          file: cell.file,
          line: cell.line,
          message: `cell "${cell.id}" did not finish within ${cell.timeoutMs} ms; make it faster or raise timeout=`,
        });
      } else if (outcome.status === "error") {
        const line = outcome.line ? cell.codeLine + outcome.line - 1 : cell.line;
        problems.push({
          file: cell.file,
          line,
          message: `cell "${cell.id}" failed: ${outcome.message ?? "unknown error"}`,
        });
      } else {
        passed += 1;
      }
    }
    const slowest = outcomes.reduce<(typeof outcomes)[number] | undefined>(
      (worst, o) => (!worst || o.durationMs > worst.durationMs ? o : worst),
      undefined,
    );
    options.onProgress?.({
      kind: "lesson",
      lessonKey: lesson.key,
      cells: cells.length,
      passed,
      durationMs: performance.now() - started,
      ...(slowest ? { slowest: { cellId: slowest.cellId, durationMs: slowest.durationMs } } : {}),
    });
  }

  const seed = options.seed ?? 20_240_601;
  for (const exercise of byKey.values()) {
    const started = performance.now();
    // The reference solutions of everything this exercise imports stand in for the student's work.
    const dependencies = referenceDependencies(exercise, byKey);
    const solution = { exercise, submission: exercise.solution.source, dependencies };
    const visibleRun = await sandbox.runVisibleTests(solution);
    const visible = visibleRun.tests;
    if (visibleRun.error) {
      problems.push({
        file: exercise.visibleTests.file,
        line: 1,
        message: `the visible tests do not run on the solution: ${visibleRun.error}`,
      });
    } else if (visible.length === 0) {
      problems.push({
        file: exercise.visibleTests.file,
        line: 1,
        message: "visible.test.ts declares no test: give the student at least one",
      });
    }
    for (const test of visible.filter((t) => t.status !== "passed")) {
      problems.push({
        file: exercise.visibleTests.file,
        line: lineOfTest(exercise.visibleTests.source, test.name),
        message: `the solution fails visible test "${test.name}" (${describe(test)})`,
      });
    }

    const hiddenRun = await sandbox.runHiddenProbes(solution, exercise.solution.source, seed);
    const hidden = hiddenRun.tests;
    const probeLine = (name: string) => exercise.probes.find((p) => p.name === name)?.line ?? 1;
    const reported = new Set<string>();
    // The loader already matched probe names and `tests` entries statically, with better lines.
    const authoringErrors = hiddenRun.authoringErrors.filter(
      (error) => !/has no entry in exercise\.yaml tests|but hidden\.test\.ts has no such probe/.test(error),
    );
    for (const error of authoringErrors) {
      const name = /^probe "(.*?)"/.exec(error)?.[1];
      if (name) reported.add(name);
      problems.push({ file: exercise.hiddenTests.file, line: name ? probeLine(name) : 1, message: error });
    }
    for (const probe of hidden.filter((t) => t.status !== "passed" && !reported.has(t.name))) {
      problems.push({
        file: exercise.hiddenTests.file,
        line: probeLine(probe.name),
        message: `probe "${probe.name}" does not pass on the reference solution (${probe.status}); a probe must run cleanly and deterministically on the reference`,
      });
    }

    const starterRun = { exercise, submission: exercise.starter.source, dependencies };
    const starter = (await sandbox.runHiddenProbes(starterRun, exercise.solution.source, seed)).tests;
    const failed = starter.filter((t) => t.status !== "passed").length;
    if (failed === 0 && starter.length > 0) {
      problems.push({
        file: exercise.starter.file,
        line: 1,
        message:
          "starter passes every hidden test: leave the starter wrong or incomplete, or add a probe it fails",
      });
    }
    options.onProgress?.({
      kind: "exercise",
      key: exercise.key,
      solutionVisible: { passed: count(visible, "passed"), total: visible.length },
      solutionHidden: { passed: count(hidden, "passed"), total: hidden.length },
      starterFailed: { failed, total: starter.length },
      durationMs: performance.now() - started,
    });
  }
  return problems;
}

function count(outcomes: TestOutcome[], status: TestOutcome["status"]): number {
  return outcomes.filter((o) => o.status === status).length;
}

function describe(outcome: TestOutcome): string {
  return outcome.message ? `${outcome.status}: ${outcome.message}` : outcome.status;
}

/**
 * What `useExercise(id)` gives a lesson's cells in the check: the reference solution of every exercise
 * of the chapter, plus (for their own imports) the references of the exercises they depend on.
 */
export function cellExercises(exercises: readonly Exercise[], byKey: Map<string, Exercise>): CellExercises {
  const out: CellExercises = {};
  for (const exercise of exercises) {
    out[exercise.key] = { title: exercise.title, source: exercise.solution.source };
    for (const [key, source] of Object.entries(referenceDependencies(exercise, byKey))) {
      out[key] ??= { title: byKey.get(key)?.title ?? key, source };
    }
  }
  return out;
}

/** The reference solution of every exercise `exercise` imports, transitively. */
export function referenceDependencies(
  exercise: Exercise,
  byKey: Map<string, Exercise>,
): Record<string, string> {
  const sources: Record<string, string> = {};
  const visit = (keys: readonly string[]) => {
    for (const key of keys) {
      const dependency = byKey.get(key);
      if (!dependency || key in sources) continue;
      sources[key] = dependency.solution.source;
      visit(dependency.dependsOn);
    }
  };
  visit(exercise.dependsOn);
  return sources;
}

/** The line of `test("name"` in a test file, else 1. */
function lineOfTest(source: string, name: string): number {
  const lines = source.split("\n");
  const quoted = [`"${name}"`, `'${name}'`, `\`${name}\``];
  const index = lines.findIndex((line) => /\btest\s*\(/.test(line) && quoted.some((q) => line.includes(q)));
  return index + 1 || 1;
}

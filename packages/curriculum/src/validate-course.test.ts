import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type {
  CellExercises,
  CellOutcome,
  CellToRun,
  CourseSandbox,
  ExerciseRun,
  HiddenRun,
  TestOutcome,
  VisibleRun,
} from "./course-sandbox.ts";
import { loadCourse } from "./load-course.ts";
import { type CourseFiles, validCourseFiles, writeCourse } from "./testing/fixture-course.ts";
import { type ValidationEvent, validateCourse } from "./validate-course.ts";

// A scripted sandbox: it does not run code, it answers from markers in the code, so these tests pin
// down how validateCourse turns sandbox outcomes into problems (the real sandbox is exercised by the
// server-sandbox tests and by `npm run curriculum:check`).
class ScriptedSandbox implements CourseSandbox {
  readonly calls: string[] = [];
  readonly runs: ExerciseRun[] = [];
  readonly cellExercises = new Map<string, CellExercises>();

  async runLessonCells(
    lessonKey: string,
    cells: CellToRun[],
    exercises: CellExercises,
  ): Promise<CellOutcome[]> {
    this.calls.push(`cells ${lessonKey} ${cells.map((c) => c.id).join(",")}`);
    this.cellExercises.set(lessonKey, exercises);
    const outcomes: CellOutcome[] = [];
    for (const cell of cells) {
      const failing = cell.code.split("\n").findIndex((line) => line.includes("FAIL"));
      if (cell.code.includes("SLOW"))
        return [...outcomes, { cellId: cell.id, status: "timeout", durationMs: cell.timeoutMs }];
      if (failing >= 0) {
        return [
          ...outcomes,
          {
            cellId: cell.id,
            status: "error",
            message: "ReferenceError: nope is not defined",
            line: failing + 1,
            durationMs: 1,
          },
        ];
      }
      outcomes.push({ cellId: cell.id, status: "ok", durationMs: 1 });
    }
    return outcomes;
  }

  async runVisibleTests(run: ExerciseRun): Promise<VisibleRun> {
    this.runs.push(run);
    if (run.submission.includes("UNLOADABLE")) {
      return { tests: [], error: "submission.ts:1: ReferenceError: x is not defined" };
    }
    const broken = run.submission.includes("BROKEN");
    const message = broken ? { message: "expected 3, got 4" } : {};
    return { tests: [{ name: "adds 1 and 2", status: broken ? "failed" : "passed", ...message }] };
  }

  async runHiddenProbes(run: ExerciseRun, reference: string): Promise<HiddenRun> {
    const authoringErrors: string[] = [];
    if (reference.includes("MISMATCH"))
      authoringErrors.push('probe "adds zero" has no entry in exercise.yaml tests');
    const tests = run.exercise.probes.map((probe): TestOutcome => {
      if (reference.includes(`THROWS ${probe.name}`)) {
        authoringErrors.push(`probe "${probe.name}" fails with the reference solution: boom`);
        return { name: probe.name, status: "error" };
      }
      if (reference.includes(`FLAKY ${probe.name}`)) return { name: probe.name, status: "failed" };
      return { name: probe.name, status: run.submission === reference ? "passed" : "failed" };
    });
    return { tests, authoringErrors };
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

async function validate(change: (files: CourseFiles) => void = () => {}) {
  const files = validCourseFiles();
  change(files);
  const { dir, remove } = await writeCourse(files);
  cleanups.push(remove);
  const { course, problems: loadProblems } = await loadCourse(dir);
  expect(loadProblems).toEqual([]);
  const sandbox = new ScriptedSandbox();
  const events: ValidationEvent[] = [];
  const problems = await validateCourse(course!, sandbox, { onProgress: (e) => events.push(e) });
  return {
    problems: problems.map((p) => `${path.relative(dir, p.file)}:${p.line}: ${p.message}`),
    sandbox,
    events,
  };
}

describe("validateCourse", () => {
  test("a good course has no problem, and every lesson and exercise reports progress", async () => {
    const { problems, sandbox, events } = await validate();
    expect(problems).toEqual([]);
    expect(sandbox.calls).toEqual([
      "cells 01-counting first-sum,adding-2",
      "cells 02-building sum-of-doubles-1",
    ]);
    expect(
      events.map((e) => (e.kind === "lesson" ? `${e.lessonKey} ${e.passed}/${e.cells}` : e.key)),
    ).toEqual([
      "01-counting 2/2",
      "02-building 1/1",
      "01-counting/add",
      "01-counting/double",
      "02-building/sum-doubles",
    ]);
    const add = events.find((e) => e.kind === "exercise" && e.key === "01-counting/add");
    expect(add).toMatchObject({
      solutionHidden: { passed: 2, total: 2 },
      starterFailed: { failed: 2, total: 2 },
    });
    expect(events[0]).toMatchObject({ kind: "lesson", slowest: { cellId: "first-sum", durationMs: 1 } });
  });

  test("hands each exercise the reference solutions of what it imports", async () => {
    const { sandbox } = await validate();
    const run = sandbox.runs.find((r) => r.exercise.key === "02-building/sum-doubles")!;
    expect(Object.keys(run.dependencies).sort()).toEqual(["01-counting/add", "01-counting/double"]);
    expect(run.dependencies["01-counting/add"]).toContain("return a + b;");
  });

  test("hands a lesson's cells the reference of each chapter exercise and of what those import", async () => {
    const { sandbox } = await validate();
    const first = sandbox.cellExercises.get("01-counting")!;
    expect(Object.keys(first).sort()).toEqual(["01-counting/add", "01-counting/double"]);
    expect(first["01-counting/add"]).toMatchObject({ title: "Exercise add" });
    expect(first["01-counting/add"]!.source).toContain("return a + b;");
    const second = sandbox.cellExercises.get("02-building")!;
    expect(Object.keys(second).sort()).toEqual([
      "01-counting/add",
      "01-counting/double",
      "02-building/sum-doubles",
    ]);
    expect(second["02-building/sum-doubles"]!.source).toContain("add(double(a), double(b))");
  });

  test("a failing cell is reported on its own line, and the cells after it as not run", async () => {
    const { problems } = await validate((f) => {
      f["01-counting/lesson.md"] = f["01-counting/lesson.md"]!.replace(
        "print(xs.reduce",
        "FAIL();\nprint(xs.reduce",
      );
    });
    expect(problems).toEqual([
      '01-counting/lesson.md:13: cell "first-sum" failed: ReferenceError: nope is not defined',
      '01-counting/lesson.md:20: cell "adding-2" did not run because an earlier cell failed',
    ]);
  });

  test("a cell over its time limit", async () => {
    const { problems } = await validate((f) => {
      f["02-building/lesson.md"] = f["02-building/lesson.md"]!.replace(
        "print(xsTwo());",
        "print(xsTwo()); // SLOW",
      );
    });
    expect(problems).toEqual([
      '02-building/lesson.md:6: cell "sum-of-doubles-1" did not finish within 10000 ms; make it faster or raise timeout=',
    ]);
  });

  test("a solution that fails a visible test or whose probe throws, and a starter that passes everything", async () => {
    const { problems } = await validate((f) => {
      f["01-counting/exercises/add/solution.ts"] += "// BROKEN\n// THROWS adds zero\n";
      f["01-counting/exercises/double/starter.ts"] = f["01-counting/exercises/double/solution.ts"];
    });
    expect(problems).toEqual([
      '01-counting/exercises/add/visible.test.ts:3: the solution fails visible test "adds 1 and 2" (failed: expected 3, got 4)',
      '01-counting/exercises/add/hidden.test.ts:8: probe "adds zero" fails with the reference solution: boom',
      "01-counting/exercises/double/starter.ts:1: starter passes every hidden test: leave the starter wrong or incomplete, or add a probe it fails",
    ]);
  });

  test("visible tests that cannot run, and a probe that differs between two reference runs", async () => {
    const { problems } = await validate((f) => {
      f["01-counting/exercises/double/solution.ts"] += "// UNLOADABLE\n// FLAKY doubles\n";
    });
    expect(problems).toEqual([
      "01-counting/exercises/double/visible.test.ts:1: the visible tests do not run on the solution: submission.ts:1: ReferenceError: x is not defined",
      '01-counting/exercises/double/hidden.test.ts:4: probe "doubles" does not pass on the reference solution (failed); a probe must run cleanly and deterministically on the reference',
    ]);
  });

  test("leaves probe/tests mismatches to the loader, which reports them with better lines", async () => {
    const { problems } = await validate((f) => {
      f["01-counting/exercises/add/solution.ts"] += "// MISMATCH\n";
    });
    expect(problems).toEqual([]);
  });
});

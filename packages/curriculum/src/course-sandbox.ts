import type { Exercise } from "./model.ts";

// What the validator needs from a sandbox, in the validator's words. The server sandbox
// (@nanoschool/sandbox) is adapted to it in server-course-sandbox.ts; tests can pass their own.

export type CellToRun = { id: string; code: string; timeoutMs: number; file: string; codeLine: number };

/**
 * The exercises a lesson's cells may use with `await useExercise(id)`, by "<chapter>/<exercise>":
 * in the course check, the reference solutions of the chapter's exercises and of what they import.
 */
export type CellExercises = Record<string, { title: string; source: string }>;

export type CellOutcome = {
  cellId: string;
  status: "ok" | "error" | "timeout";
  /** For an error: what went wrong, as the sandbox reports it. */
  message?: string;
  /** For an error: the 1-based line within the cell's code, when known. */
  line?: number;
  durationMs: number;
};

export type TestOutcome = {
  name: string;
  status: "passed" | "failed" | "error" | "timeout" | "memory";
  message?: string;
};

/** One exercise's code set: the module under test plus the `@exercise/<key>` modules it may import. */
export type ExerciseRun = {
  exercise: Exercise;
  /** The source that stands in for `@submission`. */
  submission: string;
  /** `<chapter>/<exercise>` -> source, for every exercise `submission` may import (transitively). */
  dependencies: Record<string, string>;
};

export type VisibleRun = {
  tests: TestOutcome[];
  /** Set when the tests could not run at all: a file does not compile, or a module throws on load. */
  error?: string;
};

export type HiddenRun = {
  tests: TestOutcome[];
  /** Problems of the exercise itself that the sandbox found (a probe that fails on the reference...). */
  authoringErrors: string[];
};

export interface CourseSandbox {
  /**
   * Runs a lesson's cells in order with shared state, like a notebook. Returns one outcome per cell
   * that ran; it may stop after the first cell that fails.
   */
  runLessonCells(lessonKey: string, cells: CellToRun[], exercises: CellExercises): Promise<CellOutcome[]>;
  /** Runs visible.test.ts against `run.submission`. */
  runVisibleTests(run: ExerciseRun): Promise<VisibleRun>;
  /** Runs every hidden probe on `run.submission` and on `reference`, same seed, and compares them. */
  runHiddenProbes(run: ExerciseRun, reference: string, seed: number): Promise<HiddenRun>;
  close?(): Promise<void>;
}

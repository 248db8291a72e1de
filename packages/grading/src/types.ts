// The shapes the grading pipeline passes around. An exercise here is plain text and numbers, whether it
// came from the database (the worker) or from course files (the CLI).

export type TestStatus = "passed" | "failed" | "error" | "timeout" | "memory";
export type TestVisibility = "visible" | "hidden";

export type ExerciseLimits = { timeMs: number; memoryMiB: number };

/** Everything needed to grade code against one exercise; holds secrets, so it stays on the server. */
export type GradableExercise = {
  /** "<chapter>/<exercise>", also the `@exercise/<key>` import specifier. */
  key: string;
  points: number;
  limits: ExerciseLimits;
  /** Per hidden test (probe) name: its weight and the message its author wrote for a failure. */
  tests: Record<string, { weight: number; message: string }>;
  visibleTests: string;
  hiddenTests: string;
  solutionCode: string;
};

export type GradeRequest = {
  exercise: GradableExercise;
  code: string;
  /** Seeds the randomized probe inputs; fixed per submission so a regrade gives the same result. */
  seed: number;
  /** Source for each `@exercise/<key>` the code imports (the student's passing code, else the reference). */
  dependencies: Record<string, string>;
  /** The course's data sets, for `loadData(name)` in the code and the tests (name -> text). */
  data?: Record<string, string>;
  /** Which tests to run; the worker runs both, the CLI the visible ones unless --hidden. */
  include: { visible: boolean; hidden: boolean };
};

export type TestReport = {
  name: string;
  visibility: TestVisibility;
  status: TestStatus;
  /** For hidden tests only the author-written message: never the student's output or an error text. */
  message: string;
  weight: number;
  durationMs: number;
};

export type GradeReport = {
  /** passed when every test that ran passed. */
  status: "passed" | "failed";
  score: number;
  maxScore: number;
  durationMs: number;
  tests: TestReport[];
};

/** Grades one request in the sandbox. The worker and the CLI take one so the runner can be swapped. */
export type ExerciseRunner = (request: GradeRequest) => Promise<GradeReport>;

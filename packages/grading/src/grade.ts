// Grading code outside the queue (the instructor's CLI, checks from outside the web app): the same
// runner and scoring the worker uses, on an exercise read from files.
import { createExerciseRunner, type SandboxOptions } from "./runner/index.ts";
import type { GradableExercise, GradeReport } from "./types.ts";

export type GradeCodeOptions = {
  /** Run the hidden probes too (they carry the score); otherwise only the visible tests run. */
  hidden: boolean;
  seed?: number;
  /** Source for each `@exercise/<key>` import; the CLI passes the reference solutions. */
  dependencies?: Record<string, string>;
  /** The course's data sets for `loadData(name)`. */
  data?: Record<string, string>;
  sandbox?: SandboxOptions;
};

export async function gradeCode(
  exercise: GradableExercise,
  code: string,
  options: GradeCodeOptions,
): Promise<GradeReport> {
  const runner = createExerciseRunner(options.sandbox);
  try {
    return await runner.run({
      exercise,
      code,
      seed: options.seed ?? 1,
      dependencies: options.dependencies ?? {},
      data: options.data ?? {},
      include: { visible: true, hidden: options.hidden },
    });
  } finally {
    await runner.close();
  }
}

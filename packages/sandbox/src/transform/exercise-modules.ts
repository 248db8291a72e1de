import { type TransformResult, transformModule } from "./transform.ts";

/** An exercise's code for cells to use, keyed by "<chapter>/<exercise>" in ExerciseSources. */
export type ExerciseSource = {
  source: string;
  /** The exercise's title, which errors quote so the student knows which exercise to fix. */
  title: string;
  /** True for a reference solution (the course check), false for the student's own code. */
  reference?: boolean;
};
export type ExerciseSources = Record<string, ExerciseSource>;

/** What the runtime's reset() takes for useExercise(): module sources and the exercise table. */
export type CellExerciseJob = {
  modules: Record<string, { code: string; filename: string }>;
  exercises: Record<string, { specifier: string; filename: string; title: string; reference: boolean }>;
};

/**
 * The modules and table behind `useExercise(id)` in cells. Every exercise is importable as
 * `@exercise/<chapter>/<exercise>` (so one exercise's code can import another's); code that does
 * not compile becomes a module that throws the syntax error when a cell uses it, because a
 * half-typed exercise must not stop the cells that do not use it.
 */
export function cellExerciseJob(
  sources: ExerciseSources,
  transform: (source: string, file: string) => TransformResult = transformModule,
): CellExerciseJob {
  const job: CellExerciseJob = { modules: {}, exercises: {} };
  for (const [key, exercise] of Object.entries(sources)) {
    const specifier = `@exercise/${key}`;
    const filename = `exercise/${key}.ts`;
    const result = transform(exercise.source, filename);
    const code = result.ok
      ? result.code
      : `throw new SyntaxError(${JSON.stringify(`${result.error.message}`)});`;
    job.modules[specifier] = { code, filename };
    job.exercises[key] = {
      specifier,
      filename,
      title: exercise.title,
      reference: exercise.reference === true,
    };
  }
  return job;
}

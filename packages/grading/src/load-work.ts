// What the worker reads for one submission: the student's code, the exercise it targets (with its
// secrets), and the code behind each `@exercise/<key>` import it may make.
import type { Database } from "@nanoschool/db/client";
import { courseVersion, exercise, exerciseSecret, submission } from "@nanoschool/db/schema";
import { and, desc, eq } from "drizzle-orm";
import { ExerciseNotFoundError } from "./errors.ts";
import type { GradableExercise } from "./types.ts";

export type GradingWork = {
  submissionId: string;
  userId: string;
  /** The course the exercise belongs to (its data sets are the course's). */
  courseId: string;
  code: string;
  seed: number;
  exercise: GradableExercise;
  dependencies: Record<string, string>;
};

type ExerciseRow = Awaited<ReturnType<typeof selectExercise>>;

// A published course version never changes, so its exercises are read once per grader process (a
// draft's could, and are read every time). Bounded: a grader sees few exercises at a time.
const publishedExercises = new Map<string, ExerciseRow>();
const MAX_CACHED_EXERCISES = 512;

async function loadExercise(db: Database, exerciseId: string): Promise<ExerciseRow> {
  const cached = publishedExercises.get(exerciseId);
  if (cached) return cached;
  const row = await selectExercise(db, exerciseId);
  if (row.versionStatus === "published") {
    if (publishedExercises.size >= MAX_CACHED_EXERCISES) publishedExercises.clear();
    publishedExercises.set(exerciseId, row);
  }
  return row;
}

async function selectExercise(db: Database, exerciseId: string) {
  const [row] = await db
    .select({
      id: exercise.id,
      courseVersionId: exercise.courseVersionId,
      courseId: courseVersion.courseId,
      versionStatus: courseVersion.status,
      key: exercise.key,
      points: exercise.points,
      limits: exercise.limits,
      visibleTests: exercise.visibleTests,
      testWeights: exercise.testWeights,
      testMessages: exercise.testMessages,
      dependsOn: exercise.dependsOn,
      solutionCode: exerciseSecret.solutionCode,
      hiddenTests: exerciseSecret.hiddenTests,
    })
    .from(exercise)
    .innerJoin(exerciseSecret, eq(exerciseSecret.exerciseId, exercise.id))
    .innerJoin(courseVersion, eq(courseVersion.id, exercise.courseVersionId))
    .where(eq(exercise.id, exerciseId));
  if (!row) throw new ExerciseNotFoundError(`Exercise ${exerciseId} or its hidden tests are missing.`);
  return row;
}

/**
 * Each dependency resolves to the student's latest passing submission for that exercise key, else to
 * the reference solution of the same course version; dependencies of dependencies are followed too.
 */
async function resolveDependencies(
  db: Database,
  userId: string,
  courseVersionId: string,
  dependsOn: string[],
): Promise<Record<string, string>> {
  const resolved: Record<string, string> = {};
  const pending = [...dependsOn];
  while (pending.length > 0) {
    const key = pending.shift()!;
    if (key in resolved) continue;
    const [target] = await db
      .select({ dependsOn: exercise.dependsOn, solutionCode: exerciseSecret.solutionCode })
      .from(exercise)
      .innerJoin(exerciseSecret, eq(exerciseSecret.exerciseId, exercise.id))
      .where(and(eq(exercise.courseVersionId, courseVersionId), eq(exercise.key, key)));
    if (!target)
      throw new ExerciseNotFoundError(`Exercise "${key}", a dependency, is missing from its course.`);
    const [passing] = await db
      .select({ code: submission.code })
      .from(submission)
      .where(
        and(eq(submission.userId, userId), eq(submission.exerciseKey, key), eq(submission.status, "passed")),
      )
      .orderBy(desc(submission.createdAt))
      .limit(1);
    resolved[key] = passing?.code ?? target.solutionCode;
    pending.push(...target.dependsOn);
  }
  return resolved;
}

export async function loadGradingWork(
  db: Database,
  row: { id: string; userId: string; exerciseId: string; code: string; seed: number },
): Promise<GradingWork> {
  const ex = await loadExercise(db, row.exerciseId);
  const tests: GradableExercise["tests"] = {};
  for (const [name, weight] of Object.entries(ex.testWeights)) {
    tests[name] = { weight, message: ex.testMessages[name] ?? "" };
  }
  for (const [name, message] of Object.entries(ex.testMessages)) {
    tests[name] ??= { weight: 1, message };
  }
  return {
    submissionId: row.id,
    userId: row.userId,
    courseId: ex.courseId,
    code: row.code,
    seed: row.seed,
    exercise: {
      key: ex.key,
      points: ex.points,
      limits: ex.limits,
      tests,
      visibleTests: ex.visibleTests,
      hiddenTests: ex.hiddenTests,
      solutionCode: ex.solutionCode,
    },
    dependencies: await resolveDependencies(db, row.userId, ex.courseVersionId, ex.dependsOn),
  };
}

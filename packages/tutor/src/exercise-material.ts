import type { Database } from "@nanoschool/db/client";
import { exercise, exerciseSecret, lesson } from "@nanoschool/db/schema";
import { and, eq, like, or, sql } from "drizzle-orm";
import { TutorNotFoundError } from "./errors.ts";
import { createSolutionGuard, type SolutionGuard } from "./leak-check.ts";

// What the tutor knows of an exercise. Everything here is student-visible except the guards, which
// are built from exercise_secret for the output check and for nothing else: their text never leaves
// this module, only a yes/no verdict does.

export type TutorExercise = {
  id: string;
  key: string;
  lessonKey: string;
  sectionId: string | null;
  title: string;
  prompt: string;
  hints: string[];
  starterCode: string;
  visibleTests: string;
};

const exerciseColumns = {
  id: exercise.id,
  key: exercise.key,
  sectionId: exercise.sectionId,
  title: exercise.title,
  prompt: exercise.prompt,
  hints: exercise.hints,
  starterCode: exercise.starterCode,
  visibleTests: exercise.visibleTests,
};

type ExerciseRow = Omit<TutorExercise, "hints" | "lessonKey"> & { hints: unknown };

function toTutorExercise(row: ExerciseRow): TutorExercise {
  // Hints are stored as [{text}] by the import; tolerate plain strings too.
  const hints = Array.isArray(row.hints)
    ? row.hints.map((h) => (typeof h === "string" ? h : String((h as { text?: unknown }).text ?? "")))
    : [];
  return { ...row, hints: hints.filter((h) => h !== ""), lessonKey: row.key.split("/")[0] ?? row.key };
}

/** The exercise by key ("01-bigram/count-bigrams") or by its id within a chapter ("count-bigrams"). */
export async function loadExercise(
  db: Database,
  courseVersionId: string,
  exerciseKey: string,
  lessonKey?: string,
): Promise<TutorExercise> {
  const key = exerciseKey.includes("/") || !lessonKey ? exerciseKey : `${lessonKey}/${exerciseKey}`;
  const rows = await db
    .select(exerciseColumns)
    .from(exercise)
    .where(
      and(
        eq(exercise.courseVersionId, courseVersionId),
        or(eq(exercise.key, key), like(exercise.key, `%/${exerciseKey}`)),
      ),
    );
  const row = rows.find((r) => r.key === key) ?? (rows.length === 1 ? rows[0] : undefined);
  if (!row) {
    throw new TutorNotFoundError(
      `This course has no exercise "${exerciseKey}". Use its key, e.g. "01-bigram/count-bigrams".`,
    );
  }
  return toTutorExercise(row);
}

export async function loadExerciseById(db: Database, exerciseId: string): Promise<TutorExercise | null> {
  const [row] = await db.select(exerciseColumns).from(exercise).where(eq(exercise.id, exerciseId));
  return row ? toTutorExercise(row) : null;
}

export type ExerciseGuard = { exercise: TutorExercise; guard: SolutionGuard };

/**
 * One output-check guard per exercise of the course version: an answer must not give away any
 * exercise's solution or hidden tests, whichever exercise the student is looking at. Public text
 * (prompt, starter, visible tests, the lesson, the student's own code) does not count as a leak.
 */
export async function loadSolutionGuards(
  db: Database,
  courseVersionId: string,
  studentCode?: { exerciseKey: string; code: string },
): Promise<ExerciseGuard[]> {
  const rows = await db
    .select({
      ...exerciseColumns,
      solutionCode: exerciseSecret.solutionCode,
      hiddenTests: exerciseSecret.hiddenTests,
      lessonSource: lesson.source,
    })
    .from(exercise)
    .innerJoin(exerciseSecret, eq(exerciseSecret.exerciseId, exercise.id))
    .leftJoin(
      lesson,
      and(
        eq(lesson.courseVersionId, exercise.courseVersionId),
        sql`${exercise.key} like ${lesson.key} || '/%'`,
      ),
    )
    .where(eq(exercise.courseVersionId, courseVersionId));
  return rows.map(({ solutionCode, hiddenTests, lessonSource, ...row }) => {
    const tutorExercise = toTutorExercise(row);
    const publicTexts = [row.prompt, row.starterCode, row.visibleTests, lessonSource ?? ""];
    if (studentCode && studentCode.exerciseKey === row.key) publicTexts.push(studentCode.code);
    const solutionGuard = createSolutionGuard(solutionCode, publicTexts);
    const hiddenGuard = createSolutionGuard(hiddenTests, publicTexts);
    return {
      exercise: tutorExercise,
      guard: {
        check(answer: string) {
          const verdict = solutionGuard.check(answer);
          return verdict.leaked ? verdict : hiddenGuard.check(answer);
        },
      },
    };
  });
}

import type { Database } from "@nanoschool/db/client";
import { exercise, exerciseSecret, lesson } from "@nanoschool/db/schema";
import { and, eq, like, or } from "drizzle-orm";
import { TutorNotFoundError } from "./errors.ts";
import {
  buildPublicCorpus,
  createSolutionGuard,
  type PublicCorpus,
  type SolutionGuard,
} from "./leak-check.ts";

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

type VersionSecrets = {
  corpus: PublicCorpus;
  entries: { exercise: TutorExercise; solutionCode: string; hiddenTests: string; guard: SolutionGuard }[];
};

// Versions are immutable, so the public corpus and the guards are built once per version and process.
const versionSecrets = new Map<string, Promise<VersionSecrets>>();

async function loadVersionSecrets(db: Database, courseVersionId: string): Promise<VersionSecrets> {
  const rows = await db
    .select({
      ...exerciseColumns,
      solutionCode: exerciseSecret.solutionCode,
      hiddenTests: exerciseSecret.hiddenTests,
    })
    .from(exercise)
    .innerJoin(exerciseSecret, eq(exerciseSecret.exerciseId, exercise.id))
    .where(eq(exercise.courseVersionId, courseVersionId));
  const lessons = await db
    .select({ source: lesson.source })
    .from(lesson)
    .where(eq(lesson.courseVersionId, courseVersionId));
  // Everything a student of this course can read anywhere is public: every lesson, and every exercise's
  // prompt, starter and visible tests (a later exercise's starter may well show an earlier solution).
  const corpus = buildPublicCorpus([
    ...lessons.map((l) => l.source),
    ...rows.flatMap((r) => [r.prompt, r.starterCode, r.visibleTests]),
  ]);
  const entries = rows.map(({ solutionCode, hiddenTests, ...row }) => ({
    exercise: toTutorExercise(row),
    solutionCode,
    hiddenTests,
    guard: combinedGuard(solutionCode, hiddenTests, [corpus]),
  }));
  return { corpus, entries };
}

function combinedGuard(solutionCode: string, hiddenTests: string, corpora: PublicCorpus[]): SolutionGuard {
  const solutionGuard = createSolutionGuard(solutionCode, corpora);
  const hiddenGuard = createSolutionGuard(hiddenTests, corpora);
  return {
    check(answer: string) {
      const verdict = solutionGuard.check(answer);
      return verdict.leaked ? verdict : hiddenGuard.check(answer);
    },
  };
}

/**
 * One output-check guard per exercise of the course version: an answer must not give away any
 * exercise's solution or hidden tests, whichever exercise the student is looking at. What the course
 * shows anywhere, and the student's own code, does not count as a leak.
 */
export async function loadSolutionGuards(
  db: Database,
  courseVersionId: string,
  studentCode?: { exerciseKey: string; code: string },
): Promise<ExerciseGuard[]> {
  let secrets = versionSecrets.get(courseVersionId);
  if (!secrets) {
    secrets = loadVersionSecrets(db, courseVersionId);
    versionSecrets.set(courseVersionId, secrets);
    secrets.catch(() => versionSecrets.delete(courseVersionId));
  }
  const { corpus, entries } = await secrets;
  return entries.map((entry) => {
    if (studentCode && studentCode.exerciseKey === entry.exercise.key) {
      const own = buildPublicCorpus([studentCode.code]);
      return {
        exercise: entry.exercise,
        guard: combinedGuard(entry.solutionCode, entry.hiddenTests, [corpus, own]),
      };
    }
    return { exercise: entry.exercise, guard: entry.guard };
  });
}

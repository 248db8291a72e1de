// One lesson of the published version, as the lesson page needs it, with the student's own state
// (saved edits, sections read, hints taken, exercise results) when signed in.
import type { Database } from "@nanoschool/db/client";
import {
  cell,
  exercise,
  hintReveal,
  lesson,
  lessonProgress,
  lessonSection,
  savedCode,
} from "@nanoschool/db/schema";
import { and, asc, eq, inArray } from "drizzle-orm";
import { loadStudentState } from "./course-progress.ts";
import { findPublishedLesson } from "./published.ts";
import { cellCodeKey, exerciseCodeKey } from "./saved-code.ts";

/**
 * The exercise columns a student may see. Solutions and hidden tests live in exercise_secret, which no
 * query in this folder reads; hints are sent only as a count (they are revealed one at a time).
 */
const publicExerciseColumns = {
  key: exercise.key,
  title: exercise.title,
  sectionId: exercise.sectionId,
  position: exercise.position,
  prompt: exercise.prompt,
  points: exercise.points,
  starterCode: exercise.starterCode,
  visibleTests: exercise.visibleTests,
  limits: exercise.limits,
  hints: exercise.hints,
  dependsOn: exercise.dependsOn,
};

export async function getLesson(db: Database, courseId: string, lessonKey: string, userId: string | null) {
  const { course, lesson: found } = await findPublishedLesson(db, courseId, lessonKey);

  const sections = await db
    .select({
      id: lessonSection.sectionId,
      title: lessonSection.title,
      position: lessonSection.position,
      body: lessonSection.body,
    })
    .from(lessonSection)
    .where(eq(lessonSection.lessonId, found.id))
    .orderBy(asc(lessonSection.position));
  const cells = await db
    .select({
      key: cell.key,
      sectionId: cell.sectionId,
      position: cell.position,
      kind: cell.kind,
      code: cell.code,
      timeLimitMs: cell.timeLimitMs,
    })
    .from(cell)
    .where(eq(cell.lessonId, found.id))
    .orderBy(asc(cell.position));
  const exercises = await db
    .select(publicExerciseColumns)
    .from(exercise)
    .where(eq(exercise.chapterId, found.chapterId))
    .orderBy(asc(exercise.position), asc(exercise.key));
  const neighbours = await db
    .select({ key: lesson.key, title: lesson.title, position: lesson.position })
    .from(lesson)
    .where(eq(lesson.courseVersionId, course.versionId))
    .orderBy(asc(lesson.position));
  const index = neighbours.findIndex((l) => l.key === found.key);

  const mine = userId
    ? await loadMine(
        db,
        userId,
        courseId,
        found.key,
        exercises.map((e) => e.key),
      )
    : null;

  return {
    course: { id: course.id, title: course.title, versionNumber: course.versionNumber },
    chapter: { slug: found.chapterSlug, title: found.chapterTitle, position: found.chapterPosition },
    lesson: {
      key: found.key,
      title: found.title,
      summary: found.summary,
      source: found.source,
      frontMatter: found.frontMatter,
    },
    sections: sections.map((s) => ({ ...s, read: mine?.sectionsRead.has(s.id) ?? false })),
    cells: cells.map((c) => ({ ...c, savedCode: mine?.code.get(cellCodeKey(c.key)) ?? null })),
    exercises: exercises.map(({ hints, ...e }) => {
      const result = mine?.state.exercises.get(e.key);
      const revealed = mine?.hints.get(e.key) ?? [];
      return {
        ...e,
        hintCount: hints.length,
        // Only hints this student already took, in order.
        revealedHints: revealed
          .filter((i) => i < hints.length)
          .map((i) => ({ index: i, text: hints[i]?.text ?? "" })),
        savedCode: mine?.code.get(exerciseCodeKey(e.key)) ?? null,
        passed: result?.passed ?? false,
        bestScore: result ? Math.round(result.bestFraction * e.points * 100) / 100 : null,
      };
    }),
    sectionsRead: mine ? [...mine.sectionsRead] : [],
    previousLesson: index > 0 ? pick(neighbours[index - 1]) : null,
    nextLesson: index >= 0 && index + 1 < neighbours.length ? pick(neighbours[index + 1]) : null,
  };
}

const pick = (l: { key: string; title: string } | undefined) => (l ? { key: l.key, title: l.title } : null);

async function loadMine(
  db: Database,
  userId: string,
  courseId: string,
  lessonKey: string,
  exerciseKeys: string[],
) {
  const [progress] = await db
    .select({ sectionsRead: lessonProgress.sectionsRead })
    .from(lessonProgress)
    .where(
      and(
        eq(lessonProgress.userId, userId),
        eq(lessonProgress.courseId, courseId),
        eq(lessonProgress.lessonKey, lessonKey),
      ),
    );
  const codeRows = await db
    .select({ key: savedCode.key, code: savedCode.code })
    .from(savedCode)
    .where(and(eq(savedCode.userId, userId), eq(savedCode.courseId, courseId)));
  const hintRows =
    exerciseKeys.length === 0
      ? []
      : await db
          .select({ exerciseKey: hintReveal.exerciseKey, index: hintReveal.hintIndex })
          .from(hintReveal)
          .where(
            and(
              eq(hintReveal.userId, userId),
              eq(hintReveal.courseId, courseId),
              inArray(hintReveal.exerciseKey, exerciseKeys),
            ),
          )
          .orderBy(asc(hintReveal.hintIndex));
  const hints = new Map<string, number[]>();
  for (const row of hintRows) hints.set(row.exerciseKey, [...(hints.get(row.exerciseKey) ?? []), row.index]);
  return {
    sectionsRead: new Set(progress?.sectionsRead ?? []),
    code: new Map(codeRows.map((r) => [r.key, r.code])),
    hints,
    state: await loadStudentState(db, userId, courseId),
  };
}

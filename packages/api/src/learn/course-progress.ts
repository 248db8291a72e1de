// A student's progress through one course version: per chapter, sections read, exercises passed and
// score, and the next step in course order. `summarizeProgress` is pure; the loaders fetch its input.
import type { Database } from "@nanoschool/db/client";
import {
  chapter,
  courseVersion,
  exercise,
  lesson,
  lessonProgress,
  lessonSection,
  submission,
} from "@nanoschool/db/schema";
import { and, asc, eq, sql } from "drizzle-orm";

export type OutlineSection = { id: string; title: string };
export type OutlineExercise = { key: string; title: string; sectionId: string | null; points: number };
export type OutlineChapter = {
  slug: string;
  title: string;
  summary: string;
  position: number;
  /** The chapter's lesson (one per chapter); null for a chapter imported without one. */
  lessonKey: string | null;
  sections: OutlineSection[];
  exercises: OutlineExercise[];
};
export type CourseOutline = { courseId: string; chapters: OutlineChapter[] };

export type StudentState = {
  /** lesson key -> section ids the student marked read */
  sectionsRead: Map<string, Set<string>>;
  /** exercise key -> whether any submission passed, and the best score as a fraction of its max */
  exercises: Map<string, { passed: boolean; bestFraction: number }>;
};

export type ProgressCounts = {
  sectionsRead: number;
  sectionsTotal: number;
  exercisesPassed: number;
  exercisesTotal: number;
  score: number;
  maxScore: number;
};

export type NextStep =
  | { kind: "section"; courseId: string; lessonKey: string; sectionId: string; title: string }
  | {
      kind: "exercise";
      courseId: string;
      lessonKey: string;
      sectionId: string | null;
      exerciseKey: string;
      title: string;
    };

export type CourseProgress = {
  chapters: { slug: string; progress: ProgressCounts; lessonRead: boolean }[];
  totals: ProgressCounts & { lessonsRead: number; lessonsTotal: number };
  /** The first unread section or unpassed exercise in course order; null when everything is done. */
  next: NextStep | null;
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Exercises in reading order: after the section they belong to, those without a section last. */
function orderedSteps(ch: OutlineChapter) {
  const steps: (
    | { kind: "section"; section: OutlineSection }
    | { kind: "exercise"; exercise: OutlineExercise }
  )[] = [];
  const known = new Set(ch.sections.map((s) => s.id));
  for (const section of ch.sections) {
    steps.push({ kind: "section", section });
    for (const ex of ch.exercises)
      if (ex.sectionId === section.id) steps.push({ kind: "exercise", exercise: ex });
  }
  for (const ex of ch.exercises) {
    if (ex.sectionId === null || !known.has(ex.sectionId)) steps.push({ kind: "exercise", exercise: ex });
  }
  return steps;
}

export function summarizeProgress(outline: CourseOutline, state: StudentState): CourseProgress {
  const totals = {
    sectionsRead: 0,
    sectionsTotal: 0,
    exercisesPassed: 0,
    exercisesTotal: 0,
    score: 0,
    maxScore: 0,
    lessonsRead: 0,
    lessonsTotal: 0,
  };
  let next: NextStep | null = null;
  const chapters: CourseProgress["chapters"] = [];
  for (const ch of outline.chapters) {
    const read = (ch.lessonKey && state.sectionsRead.get(ch.lessonKey)) || new Set<string>();
    const progress: ProgressCounts = {
      sectionsRead: ch.sections.filter((s) => read.has(s.id)).length,
      sectionsTotal: ch.sections.length,
      exercisesPassed: ch.exercises.filter((e) => state.exercises.get(e.key)?.passed).length,
      exercisesTotal: ch.exercises.length,
      score: round2(
        ch.exercises.reduce((sum, e) => sum + e.points * (state.exercises.get(e.key)?.bestFraction ?? 0), 0),
      ),
      maxScore: ch.exercises.reduce((sum, e) => sum + e.points, 0),
    };
    const lessonRead = ch.lessonKey !== null && progress.sectionsRead === progress.sectionsTotal;
    chapters.push({ slug: ch.slug, progress, lessonRead });
    for (const key of ["sectionsRead", "sectionsTotal", "exercisesPassed", "exercisesTotal"] as const) {
      totals[key] += progress[key];
    }
    totals.score = round2(totals.score + progress.score);
    totals.maxScore += progress.maxScore;
    if (ch.lessonKey !== null) totals.lessonsTotal += 1;
    if (lessonRead) totals.lessonsRead += 1;

    if (next === null && ch.lessonKey !== null) {
      const lessonKey = ch.lessonKey;
      for (const step of orderedSteps(ch)) {
        if (step.kind === "section" && !read.has(step.section.id)) {
          next = {
            kind: "section",
            courseId: outline.courseId,
            lessonKey,
            sectionId: step.section.id,
            title: step.section.title,
          };
          break;
        }
        if (step.kind === "exercise" && !state.exercises.get(step.exercise.key)?.passed) {
          next = {
            kind: "exercise",
            courseId: outline.courseId,
            lessonKey,
            sectionId: step.exercise.sectionId,
            exerciseKey: step.exercise.key,
            title: step.exercise.title,
          };
          break;
        }
      }
    }
  }
  return { chapters, totals, next };
}

export async function loadCourseOutline(
  db: Database,
  courseId: string,
  versionId: string,
): Promise<CourseOutline> {
  const chapterRows = await db
    .select({
      id: chapter.id,
      slug: chapter.slug,
      title: chapter.title,
      summary: chapter.summary,
      position: chapter.position,
      lessonId: lesson.id,
      lessonKey: lesson.key,
    })
    .from(chapter)
    .leftJoin(lesson, eq(lesson.chapterId, chapter.id))
    .where(eq(chapter.courseVersionId, versionId))
    .orderBy(asc(chapter.position), asc(lesson.position));
  const sectionRows = await db
    .select({ lessonId: lessonSection.lessonId, id: lessonSection.sectionId, title: lessonSection.title })
    .from(lessonSection)
    .innerJoin(lesson, eq(lesson.id, lessonSection.lessonId))
    .where(eq(lesson.courseVersionId, versionId))
    .orderBy(asc(lessonSection.position));
  const exerciseRows = await db
    .select({
      chapterId: exercise.chapterId,
      key: exercise.key,
      title: exercise.title,
      sectionId: exercise.sectionId,
      points: exercise.points,
    })
    .from(exercise)
    .where(eq(exercise.courseVersionId, versionId))
    .orderBy(asc(exercise.position), asc(exercise.key));

  const chapters: OutlineChapter[] = [];
  const seen = new Set<string>();
  for (const row of chapterRows) {
    // A chapter holds one lesson; should an import ever give it more, the first one leads.
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    chapters.push({
      slug: row.slug,
      title: row.title,
      summary: row.summary,
      position: row.position,
      lessonKey: row.lessonKey,
      sections: sectionRows
        .filter((s) => s.lessonId === row.lessonId)
        .map(({ id, title }) => ({ id, title })),
      exercises: exerciseRows
        .filter((e) => e.chapterId === row.id)
        .map(({ key, title, sectionId, points }) => ({ key, title, sectionId, points })),
    });
  }
  return { courseId, chapters };
}

/** What the student has done in a course, across all its versions (progress uses stable keys). */
export async function loadStudentState(
  db: Database,
  userId: string,
  courseId: string,
): Promise<StudentState> {
  const progressRows = await db
    .select({ lessonKey: lessonProgress.lessonKey, sectionsRead: lessonProgress.sectionsRead })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseId, courseId)));
  const submissionRows = await db
    .select({
      key: submission.exerciseKey,
      passed: sql<boolean>`bool_or(${submission.status} = 'passed')`,
      best: sql<number | null>`max(${submission.score}::float8 / nullif(${submission.maxScore}, 0))`,
    })
    .from(submission)
    .innerJoin(exercise, eq(exercise.id, submission.exerciseId))
    .innerJoin(courseVersion, eq(courseVersion.id, exercise.courseVersionId))
    .where(and(eq(submission.userId, userId), eq(courseVersion.courseId, courseId)))
    .groupBy(submission.exerciseKey);
  return {
    sectionsRead: new Map(progressRows.map((r) => [r.lessonKey, new Set(r.sectionsRead)])),
    exercises: new Map(
      submissionRows.map((r) => [
        r.key,
        { passed: Boolean(r.passed), bestFraction: Math.min(1, Math.max(0, Number(r.best ?? 0))) },
      ]),
    ),
  };
}

export function emptyStudentState(): StudentState {
  return { sectionsRead: new Map(), exercises: new Map() };
}

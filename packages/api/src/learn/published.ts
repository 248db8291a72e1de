// Lookups in the version of a course that students see (course.published_version_id). Every
// student-facing read starts here, so a draft or retired version is never shown to a student.
import type { Database } from "@nanoschool/db/client";
import { cell, chapter, course, courseVersion, exercise, lesson } from "@nanoschool/db/schema";
import { and, eq } from "drizzle-orm";
import { LearnNotFoundError } from "./errors.ts";

export type PublishedCourse = {
  id: string;
  title: string;
  summary: string;
  versionId: string;
  versionNumber: number;
};

export async function findPublishedCourse(db: Database, courseId: string): Promise<PublishedCourse> {
  const [row] = await db
    .select({
      id: course.id,
      title: course.title,
      summary: course.summary,
      versionId: courseVersion.id,
      versionNumber: courseVersion.number,
    })
    .from(course)
    .innerJoin(courseVersion, eq(courseVersion.id, course.publishedVersionId))
    .where(eq(course.id, courseId));
  if (!row) {
    throw new LearnNotFoundError(
      `There is no course "${courseId}". Pick one from the catalog; the link may be out of date.`,
    );
  }
  return row;
}

export async function findPublishedLesson(db: Database, courseId: string, lessonKey: string) {
  const published = await findPublishedCourse(db, courseId);
  const [row] = await db
    .select({
      id: lesson.id,
      key: lesson.key,
      position: lesson.position,
      title: lesson.title,
      summary: lesson.summary,
      source: lesson.source,
      frontMatter: lesson.frontMatter,
      chapterId: lesson.chapterId,
      chapterSlug: chapter.slug,
      chapterTitle: chapter.title,
      chapterPosition: chapter.position,
    })
    .from(lesson)
    .innerJoin(chapter, eq(chapter.id, lesson.chapterId))
    .where(and(eq(lesson.courseVersionId, published.versionId), eq(lesson.key, lessonKey)));
  if (!row) {
    throw new LearnNotFoundError(
      `The course "${published.title}" has no lesson "${lessonKey}". Open the course page to see its lessons.`,
    );
  }
  return { course: published, lesson: row };
}

/**
 * The exercise row id and the few fields the server needs (never the prompt's secrets: those are in
 * exercise_secret, which no student-facing query reads).
 */
export async function findPublishedExercise(db: Database, courseId: string, exerciseKey: string) {
  const published = await findPublishedCourse(db, courseId);
  const [row] = await db
    .select({ id: exercise.id, key: exercise.key, title: exercise.title, hints: exercise.hints })
    .from(exercise)
    .where(and(eq(exercise.courseVersionId, published.versionId), eq(exercise.key, exerciseKey)));
  if (!row) {
    throw new LearnNotFoundError(
      `The course "${published.title}" has no exercise "${exerciseKey}". Open the lesson again to see its exercises.`,
    );
  }
  return { course: published, exercise: row };
}

export async function findPublishedCell(db: Database, courseId: string, cellKey: string) {
  const published = await findPublishedCourse(db, courseId);
  const [row] = await db
    .select({ key: cell.key })
    .from(cell)
    .innerJoin(lesson, eq(lesson.id, cell.lessonId))
    .where(and(eq(lesson.courseVersionId, published.versionId), eq(cell.key, cellKey)));
  if (!row) {
    throw new LearnNotFoundError(
      `The course "${published.title}" has no code cell "${cellKey}". Reload the lesson: it may have changed.`,
    );
  }
  return { course: published, cell: row };
}

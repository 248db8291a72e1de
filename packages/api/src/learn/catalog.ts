// The catalog: published courses with their chapters in order and, for a signed-in student, progress.
import type { Database } from "@nanoschool/db/client";
import { course, courseVersion } from "@nanoschool/db/schema";
import { asc, eq } from "drizzle-orm";
import {
  type CourseProgress,
  loadCourseOutline,
  loadStudentState,
  type ProgressCounts,
  summarizeProgress,
} from "./course-progress.ts";
import { findPublishedCourse, type PublishedCourse } from "./published.ts";

export type CatalogChapter = {
  slug: string;
  title: string;
  summary: string;
  position: number;
  lessonKey: string | null;
  sectionCount: number;
  exerciseCount: number;
  /** null when signed out */
  progress: (ProgressCounts & { lessonRead: boolean }) | null;
};

export type CatalogCourse = {
  id: string;
  title: string;
  summary: string;
  versionNumber: number;
  chapters: CatalogChapter[];
  /** null when signed out */
  progress: { totals: CourseProgress["totals"]; next: CourseProgress["next"] } | null;
};

async function describeCourse(
  db: Database,
  published: PublishedCourse,
  userId: string | null,
): Promise<CatalogCourse> {
  const outline = await loadCourseOutline(db, published.id, published.versionId);
  const summary = userId
    ? summarizeProgress(outline, await loadStudentState(db, userId, published.id))
    : null;
  return {
    id: published.id,
    title: published.title,
    summary: published.summary,
    versionNumber: published.versionNumber,
    chapters: outline.chapters.map((ch, i) => {
      const mine = summary?.chapters[i];
      return {
        slug: ch.slug,
        title: ch.title,
        summary: ch.summary,
        position: ch.position,
        lessonKey: ch.lessonKey,
        sectionCount: ch.sections.length,
        exerciseCount: ch.exercises.length,
        progress: mine ? { ...mine.progress, lessonRead: mine.lessonRead } : null,
      };
    }),
    progress: summary ? { totals: summary.totals, next: summary.next } : null,
  };
}

export async function listCatalog(db: Database, userId: string | null): Promise<CatalogCourse[]> {
  const rows = await db
    .select({
      id: course.id,
      title: course.title,
      summary: course.summary,
      versionId: courseVersion.id,
      versionNumber: courseVersion.number,
    })
    .from(course)
    .innerJoin(courseVersion, eq(courseVersion.id, course.publishedVersionId))
    .orderBy(asc(course.title));
  const courses: CatalogCourse[] = [];
  for (const row of rows) courses.push(await describeCourse(db, row, userId));
  return courses;
}

export async function getCatalogCourse(
  db: Database,
  courseId: string,
  userId: string | null,
): Promise<CatalogCourse> {
  return describeCourse(db, await findPublishedCourse(db, courseId), userId);
}

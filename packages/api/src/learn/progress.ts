// Reading progress and the dashboard summary.
import type { Database } from "@nanoschool/db/client";
import { lessonProgress, lessonSection } from "@nanoschool/db/schema";
import { and, asc, eq, sql } from "drizzle-orm";
import { listCatalog } from "./catalog.ts";
import type { CourseProgress } from "./course-progress.ts";
import { LearnNotFoundError } from "./errors.ts";
import { findPublishedLesson } from "./published.ts";

export async function markSectionRead(
  db: Database,
  userId: string,
  input: { courseId: string; lessonKey: string; sectionId: string },
): Promise<{ sectionsRead: string[]; lessonRead: boolean }> {
  const { lesson } = await findPublishedLesson(db, input.courseId, input.lessonKey);
  const sections = await db
    .select({ id: lessonSection.sectionId })
    .from(lessonSection)
    .where(eq(lessonSection.lessonId, lesson.id))
    .orderBy(asc(lessonSection.position));
  if (!sections.some((s) => s.id === input.sectionId)) {
    throw new LearnNotFoundError(
      `The lesson "${lesson.title}" has no section "${input.sectionId}"; its sections are ${sections.map((s) => s.id).join(", ")}.`,
    );
  }
  // One statement adds the section to the set, so two tabs marking sections at once lose neither.
  const [row] = await db
    .insert(lessonProgress)
    .values({ userId, courseId: input.courseId, lessonKey: lesson.key, sectionsRead: [input.sectionId] })
    .onConflictDoUpdate({
      target: [lessonProgress.userId, lessonProgress.courseId, lessonProgress.lessonKey],
      set: {
        sectionsRead: sql`(select coalesce(jsonb_agg(distinct s), '[]'::jsonb) from jsonb_array_elements_text(${lessonProgress.sectionsRead} || excluded.sections_read) as s)`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ sectionsRead: lessonProgress.sectionsRead, completedAt: lessonProgress.completedAt });
  const read = new Set(row?.sectionsRead ?? []);
  const lessonRead = sections.every((s) => read.has(s.id));
  if (lessonRead && !row?.completedAt) {
    await db
      .update(lessonProgress)
      .set({ completedAt: sql`now()` })
      .where(
        and(
          eq(lessonProgress.userId, userId),
          eq(lessonProgress.courseId, input.courseId),
          eq(lessonProgress.lessonKey, lesson.key),
        ),
      );
  }
  // In lesson order, so the page can show them as it lists sections.
  return { sectionsRead: sections.map((s) => s.id).filter((id) => read.has(id)), lessonRead };
}

export type DashboardCourse = {
  courseId: string;
  title: string;
  totals: CourseProgress["totals"];
  next: CourseProgress["next"];
  chapters: { slug: string; title: string; lessonKey: string | null; lessonRead: boolean }[];
};

/** Per published course: lessons read, exercises passed, score, and the next step to take. */
export async function dashboard(db: Database, userId: string): Promise<{ courses: DashboardCourse[] }> {
  const catalog = await listCatalog(db, userId);
  return {
    courses: catalog.map((c) => ({
      courseId: c.id,
      title: c.title,
      totals: c.progress!.totals,
      next: c.progress!.next,
      chapters: c.chapters.map((ch) => ({
        slug: ch.slug,
        title: ch.title,
        lessonKey: ch.lessonKey,
        lessonRead: ch.progress?.lessonRead ?? false,
      })),
    })),
  };
}

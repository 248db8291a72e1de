import type { Database } from "@nanoschool/db/client";
import { course, courseVersion } from "@nanoschool/db/schema";
import { desc, eq } from "drizzle-orm";
import { TutorNotFoundError } from "./errors.ts";

/** The version students see: the published one, else the newest imported (a fresh embedded install). */
export async function currentCourseVersionId(db: Database, courseId: string): Promise<string> {
  const [row] = await db
    .select({ published: course.publishedVersionId })
    .from(course)
    .where(eq(course.id, courseId));
  if (!row)
    throw new TutorNotFoundError(`There is no course "${courseId}". Check courseId (e.g. "llm101n").`);
  if (row.published) return row.published;
  const [latest] = await db
    .select({ id: courseVersion.id })
    .from(courseVersion)
    .where(eq(courseVersion.courseId, courseId))
    .orderBy(desc(courseVersion.number))
    .limit(1);
  if (!latest) throw new TutorNotFoundError(`The course "${courseId}" has no content yet: import it first.`);
  return latest.id;
}

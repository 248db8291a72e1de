import { course, courseVersion } from "@nanoschool/db/schema";
import { asc, desc, eq } from "drizzle-orm";
import { instructorProcedure, router } from "../trpc.ts";

// The instructor's console. Its authoring procedures arrive with the studio issue.
export const studioRouter = router({
  courses: instructorProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db
      .select({
        courseId: course.id,
        title: course.title,
        versionId: courseVersion.id,
        number: courseVersion.number,
        status: courseVersion.status,
        createdAt: courseVersion.createdAt,
      })
      .from(course)
      .leftJoin(courseVersion, eq(courseVersion.courseId, course.id))
      .orderBy(asc(course.id), desc(courseVersion.number));
    return rows;
  }),
});

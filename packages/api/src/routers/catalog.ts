import { z } from "zod";
import { getCatalogCourse, listCatalog } from "../learn/catalog.ts";
import { router } from "../trpc.ts";
import { courseId } from "./learn-inputs.ts";
import { learnPublicProcedure } from "./learn-procedures.ts";

export const catalogRouter = router({
  /** Published courses, chapters in order; progress per chapter for a signed-in student. */
  list: learnPublicProcedure.query(({ ctx }) => listCatalog(ctx.db, ctx.user?.id ?? null)),
  /** One course (the course page); NOT_FOUND for an unknown course. */
  course: learnPublicProcedure
    .input(z.object({ courseId }))
    .query(({ ctx, input }) => getCatalogCourse(ctx.db, input.courseId, ctx.user?.id ?? null)),
});

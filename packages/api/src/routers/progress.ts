import { z } from "zod";
import { dashboard, markSectionRead } from "../learn/progress.ts";
import { router } from "../trpc.ts";
import { courseId, lessonKey, sectionId } from "./learn-inputs.ts";
import { learnStudentProcedure } from "./learn-procedures.ts";

export const progressRouter = router({
  markSectionRead: learnStudentProcedure
    .input(z.object({ courseId, lessonKey, sectionId }))
    .mutation(({ ctx, input }) => markSectionRead(ctx.db, ctx.user.id, input)),
  dashboard: learnStudentProcedure.query(({ ctx }) => dashboard(ctx.db, ctx.user.id)),
});

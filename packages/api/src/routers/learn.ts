import { z } from "zod";
import { getLesson } from "../learn/lesson.ts";
import { router } from "../trpc.ts";
import { courseId, lessonKey } from "./learn-inputs.ts";
import { learnPublicProcedure } from "./learn-procedures.ts";

export const learnRouter = router({
  /** A lesson of the published version; NOT_FOUND (with a message) for an unknown course or lesson. */
  lesson: learnPublicProcedure
    .input(z.object({ courseId, lessonKey }))
    .query(({ ctx, input }) => getLesson(ctx.db, input.courseId, input.lessonKey, ctx.user?.id ?? null)),
});

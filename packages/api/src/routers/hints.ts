import { z } from "zod";
import { listHints, revealHint } from "../learn/hints.ts";
import { router } from "../trpc.ts";
import { courseId, exerciseKey } from "./learn-inputs.ts";
import { learnStudentProcedure } from "./learn-procedures.ts";

export const hintsRouter = router({
  /** Reveals hint `index` (0-based), which must be the next one; recorded in hint_reveal. */
  reveal: learnStudentProcedure
    .input(z.object({ courseId, exerciseKey, index: z.number().int().min(0).max(99) }))
    .mutation(({ ctx, input }) => revealHint(ctx.db, ctx.user.id, input)),
  list: learnStudentProcedure
    .input(z.object({ courseId, exerciseKey }))
    .query(({ ctx, input }) => listHints(ctx.db, ctx.user.id, input)),
});

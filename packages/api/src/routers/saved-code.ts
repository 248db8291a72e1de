import { z } from "zod";
import { clearCode, saveCode } from "../learn/saved-code.ts";
import { router } from "../trpc.ts";
import { code, codeKey, courseId } from "./learn-inputs.ts";
import { learnStudentProcedure } from "./learn-procedures.ts";

export const savedCodeRouter = router({
  /** The student's edit of a cell or an exercise editor; over MAX_CODE_BYTES is BAD_REQUEST. */
  save: learnStudentProcedure
    .input(z.object({ courseId, key: codeKey, code }))
    .mutation(({ ctx, input }) => saveCode(ctx.db, ctx.user.id, input)),
  /** "Reset to the original": forgets the saved edit. */
  clear: learnStudentProcedure
    .input(z.object({ courseId, key: codeKey }))
    .mutation(({ ctx, input }) => clearCode(ctx.db, ctx.user.id, input)),
});

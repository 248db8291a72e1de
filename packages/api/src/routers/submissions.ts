import { z } from "zod";
import { getSubmission, listSubmissions, submissionStatus, submitCode } from "../learn/submissions.ts";
import { router } from "../trpc.ts";
import { code, courseId, exerciseKey, submissionId } from "./learn-inputs.ts";
import { learnStudentProcedure } from "./learn-procedures.ts";

export const submissionsRouter = router({
  /** Queues the code for grading (row + job in one transaction); rate-limited per student. */
  submit: learnStudentProcedure
    .input(z.object({ courseId, exerciseKey, code }))
    .mutation(({ ctx, input }) => submitCode(ctx.db, ctx.grading, ctx.user.id, input)),
  /** One of the student's own submissions, with code and per-test results; NOT_FOUND otherwise. */
  get: learnStudentProcedure
    .input(z.object({ id: submissionId }))
    .query(({ ctx, input }) => getSubmission(ctx.db, ctx.user.id, input.id)),
  /** The student's own attempts at an exercise, newest first, with code and results. */
  list: learnStudentProcedure
    .input(z.object({ courseId, exerciseKey }))
    .query(({ ctx, input }) => listSubmissions(ctx.db, ctx.user.id, input)),
  /** For polling (every second or so while `finished` is false): status, score and results, no code. */
  status: learnStudentProcedure
    .input(z.object({ id: submissionId }))
    .query(({ ctx, input }) => submissionStatus(ctx.db, ctx.user.id, input.id)),
});

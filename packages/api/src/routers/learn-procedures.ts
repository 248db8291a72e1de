// The student-facing procedures' builders: the learn domain (src/learn) and packages/grading throw
// their own typed errors; this middleware is the one place they become TRPCErrors with their message.
import { ExerciseNotFoundError, InvalidSubmissionError } from "@nanoschool/grading/errors";
import { TRPCError } from "@trpc/server";
import {
  GradingUnavailableError,
  LearnBadInputError,
  LearnNotFoundError,
  LearnRateLimitError,
} from "../learn/errors.ts";
import { middleware, publicProcedure, signedInProcedure } from "../trpc.ts";

export function toTRPCError(error: unknown): TRPCError | null {
  if (!(error instanceof Error)) return null;
  const code =
    error instanceof LearnNotFoundError || error instanceof ExerciseNotFoundError
      ? "NOT_FOUND"
      : error instanceof LearnBadInputError || error instanceof InvalidSubmissionError
        ? "BAD_REQUEST"
        : error instanceof LearnRateLimitError
          ? "TOO_MANY_REQUESTS"
          : error instanceof GradingUnavailableError
            ? "SERVICE_UNAVAILABLE"
            : null;
  return code ? new TRPCError({ code, message: error.message, cause: error }) : null;
}

const mapLearnErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/** Open to everyone; signed-in students also get their own state. */
export const learnPublicProcedure = publicProcedure.use(mapLearnErrors);
/** For a signed-in student (any role), acting on their own data only. */
export const learnStudentProcedure = signedInProcedure.use(mapLearnErrors);

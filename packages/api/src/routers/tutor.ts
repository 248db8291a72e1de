import { chatRequestSchema, toTutorRequest } from "@nanoschool/tutor/chat-request";
import {
  listConversations,
  listCourseConversations,
  readConversation,
  readCourseConversation,
} from "@nanoschool/tutor/conversations";
import { tutorDepsFor } from "@nanoschool/tutor/deps";
import {
  TutorForbiddenError,
  TutorInputError,
  TutorModelError,
  TutorNotFoundError,
  TutorRateLimitError,
} from "@nanoschool/tutor/errors";
import { askTutor } from "@nanoschool/tutor/tutor";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { instructorProcedure, router, signedInProcedure } from "../trpc.ts";

// The tutor through tRPC (the chat panel): ask without streaming, and the stored conversations.
// Streaming answers go through POST /api/tutor/chat.

function asTrpcError(error: unknown): never {
  if (error instanceof TutorInputError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
  if (error instanceof TutorNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: error.message });
  if (error instanceof TutorForbiddenError)
    throw new TRPCError({ code: "FORBIDDEN", message: error.message });
  if (error instanceof TutorRateLimitError) {
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message, cause: error });
  }
  if (error instanceof TutorModelError) throw new TRPCError({ code: "BAD_GATEWAY", message: error.message });
  throw error;
}

export const tutorRouter = router({
  ask: signedInProcedure
    .input(chatRequestSchema.omit({ stream: true }))
    .mutation(({ ctx, input }) =>
      askTutor(tutorDepsFor(ctx.db), toTutorRequest(ctx.user.id, input)).catch(asTrpcError),
    ),
  conversations: signedInProcedure
    .input(z.object({ courseId: z.string().min(1).optional() }).optional())
    .query(({ ctx, input }) => listConversations(ctx.db, ctx.user.id, input?.courseId)),
  conversation: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => readConversation(ctx.db, ctx.user.id, input.id).catch(asTrpcError)),
  courseConversations: instructorProcedure
    .input(z.object({ courseId: z.string().min(1) }))
    .query(({ ctx, input }) => listCourseConversations(ctx.db, input.courseId)),
  courseConversation: instructorProcedure
    .input(z.object({ courseId: z.string().min(1), id: z.uuid() }))
    .query(({ ctx, input }) => readCourseConversation(ctx.db, input.courseId, input.id).catch(asTrpcError)),
});

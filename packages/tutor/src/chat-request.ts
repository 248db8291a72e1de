import { z } from "zod";
import type { TutorRequest } from "./tutor.ts";

// The shape of a tutor question from outside (the chat API and the tRPC router), validated once here.
// lessonId and exerciseId are the course's stable keys ("01-bigram", "01-bigram/count-bigrams" or
// just "count-bigrams" with lessonId), as in the lesson URLs.

const key = z.string().trim().min(1).max(200);

export const chatRequestSchema = z.object({
  courseId: key,
  lessonId: key.optional(),
  sectionId: key.optional(),
  exerciseId: key.optional(),
  messages: z
    .array(
      z.object({
        role: z.enum(["user", "assistant"], { message: 'role must be "user" or "assistant"' }),
        content: z.string().max(20_000, "a message is limited to 20000 characters"),
      }),
    )
    .min(1, "messages must hold at least the question")
    .max(50, "send at most the last 50 messages"),
  stream: z.boolean().optional(),
  /** The student's current editor text for the exercise. */
  code: z.string().optional(),
  /** A graded submission of the student's own to explain. */
  submissionId: z.uuid("submissionId must be a submission's id").optional(),
  conversationId: z.uuid("conversationId must be a conversation's id").optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

export function toTutorRequest(userId: string, input: ChatRequest): TutorRequest {
  return {
    userId,
    courseId: input.courseId,
    lessonKey: input.lessonId,
    sectionId: input.sectionId,
    exerciseKey: input.exerciseId,
    messages: input.messages,
    code: input.code,
    submissionId: input.submissionId,
    conversationId: input.conversationId,
  };
}

/** The first problem with a request body, in one line that names the field. */
export function describeChatRequestError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request body is not valid.";
  const path = issue.path.join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

import type { Database } from "@nanoschool/db/client";
import { type TutorCitation, tutorConversation, tutorMessage, user } from "@nanoschool/db/schema";
import { and, asc, desc, eq } from "drizzle-orm";
import { TutorNotFoundError } from "./errors.ts";

// Conversations with the tutor, stored so the student can come back to them and so instructors can
// read how their course is being learned.

export type StoredAnswer = {
  content: string;
  mode: "llm" | "retrieval";
  citations: TutorCitation[];
  submissionId?: string | undefined;
};

/** The conversation to add to: the student's own `conversationId`, or a new one. */
export async function openConversation(
  db: Database,
  options: {
    userId: string;
    courseId: string;
    lessonKey?: string | undefined;
    exerciseKey?: string | undefined;
    conversationId?: string | undefined;
    title: string;
  },
): Promise<string> {
  if (options.conversationId) {
    const [row] = await db
      .select({ id: tutorConversation.id })
      .from(tutorConversation)
      .where(
        and(eq(tutorConversation.id, options.conversationId), eq(tutorConversation.userId, options.userId)),
      );
    if (!row) {
      throw new TutorNotFoundError(
        "You have no tutor conversation with this id. Leave conversationId out to start a new one.",
      );
    }
    return row.id;
  }
  const [row] = await db
    .insert(tutorConversation)
    .values({
      userId: options.userId,
      courseId: options.courseId,
      lessonKey: options.lessonKey ?? null,
      exerciseKey: options.exerciseKey ?? null,
      title: options.title.slice(0, 120),
    })
    .returning({ id: tutorConversation.id });
  return row!.id;
}

export async function recordExchange(
  db: Database,
  conversationId: string,
  question: string,
  answer: StoredAnswer,
): Promise<void> {
  const asked = new Date();
  await db.insert(tutorMessage).values([
    { conversationId, role: "user", content: question, createdAt: asked, submissionId: answer.submissionId },
    {
      conversationId,
      role: "assistant",
      content: answer.content,
      mode: answer.mode,
      citations: answer.citations,
      submissionId: answer.submissionId,
      createdAt: new Date(asked.getTime() + 1),
    },
  ]);
  await db
    .update(tutorConversation)
    .set({ updatedAt: new Date() })
    .where(eq(tutorConversation.id, conversationId));
}

const summaryColumns = {
  id: tutorConversation.id,
  courseId: tutorConversation.courseId,
  lessonKey: tutorConversation.lessonKey,
  exerciseKey: tutorConversation.exerciseKey,
  title: tutorConversation.title,
  createdAt: tutorConversation.createdAt,
  updatedAt: tutorConversation.updatedAt,
};

export async function listConversations(db: Database, userId: string, courseId?: string) {
  return db
    .select(summaryColumns)
    .from(tutorConversation)
    .where(
      courseId
        ? and(eq(tutorConversation.userId, userId), eq(tutorConversation.courseId, courseId))
        : eq(tutorConversation.userId, userId),
    )
    .orderBy(desc(tutorConversation.updatedAt))
    .limit(100);
}

async function messagesOf(db: Database, conversationId: string) {
  return db
    .select({
      id: tutorMessage.id,
      role: tutorMessage.role,
      content: tutorMessage.content,
      mode: tutorMessage.mode,
      citations: tutorMessage.citations,
      submissionId: tutorMessage.submissionId,
      createdAt: tutorMessage.createdAt,
    })
    .from(tutorMessage)
    .where(eq(tutorMessage.conversationId, conversationId))
    .orderBy(asc(tutorMessage.createdAt));
}

/** One of the student's own conversations with its messages. */
export async function readConversation(db: Database, userId: string, conversationId: string) {
  const [conversation] = await db
    .select(summaryColumns)
    .from(tutorConversation)
    .where(and(eq(tutorConversation.id, conversationId), eq(tutorConversation.userId, userId)));
  if (!conversation) throw new TutorNotFoundError("You have no tutor conversation with this id.");
  return { ...conversation, messages: await messagesOf(db, conversationId) };
}

/** For instructors: the course's conversations, newest first, with who asked. */
export async function listCourseConversations(db: Database, courseId: string) {
  return db
    .select({ ...summaryColumns, studentId: user.id, studentName: user.name, studentEmail: user.email })
    .from(tutorConversation)
    .innerJoin(user, eq(user.id, tutorConversation.userId))
    .where(eq(tutorConversation.courseId, courseId))
    .orderBy(desc(tutorConversation.updatedAt))
    .limit(200);
}

/** For instructors: one conversation of their course with its messages. */
export async function readCourseConversation(db: Database, courseId: string, conversationId: string) {
  const [conversation] = await db
    .select({ ...summaryColumns, studentId: user.id, studentName: user.name })
    .from(tutorConversation)
    .innerJoin(user, eq(user.id, tutorConversation.userId))
    .where(and(eq(tutorConversation.id, conversationId), eq(tutorConversation.courseId, courseId)));
  if (!conversation) throw new TutorNotFoundError("This course has no tutor conversation with this id.");
  return { ...conversation, messages: await messagesOf(db, conversationId) };
}

import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { course } from "./courses.ts";
import { submission } from "./submissions.ts";

export const tutorRole = pgEnum("tutor_role", ["user", "assistant"]);
export const tutorMode = pgEnum("tutor_mode", ["llm", "retrieval"]);

export type TutorCitation = { sectionId: string; title: string; url: string };

export const tutorConversation = pgTable(
  "tutor_conversation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: text("course_id")
      .notNull()
      .references(() => course.id, { onDelete: "cascade" }),
    lessonKey: text("lesson_key"),
    exerciseKey: text("exercise_key"),
    title: text("title").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("tutor_conversation_user_idx").on(t.userId, t.updatedAt),
    index("tutor_conversation_course_idx").on(t.courseId),
  ],
);

export const tutorMessage = pgTable(
  "tutor_message",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => tutorConversation.id, { onDelete: "cascade" }),
    role: tutorRole("role").notNull(),
    content: text("content").notNull(),
    mode: tutorMode("mode"),
    citations: jsonb("citations").$type<TutorCitation[]>().notNull().default([]),
    // A graded submission the student asked about, if any.
    submissionId: uuid("submission_id").references(() => submission.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("tutor_message_conversation_idx").on(t.conversationId, t.createdAt)],
);

// One row per counted action (a tutor question, a submission), for per-student rate limits and daily
// quotas that hold across web replicas.
export const usageEvent = pgTable(
  "usage_event",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(), // "tutor" | "submission"
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("usage_event_user_kind_idx").on(t.userId, t.kind, t.createdAt)],
);

import { integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { course } from "./courses.ts";

// Progress is keyed by stable keys, so it survives a new course version.

export const lessonProgress = pgTable(
  "lesson_progress",
  {
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: text("course_id")
      .notNull()
      .references(() => course.id, { onDelete: "cascade" }),
    lessonKey: text("lesson_key").notNull(),
    sectionsRead: jsonb("sections_read").$type<string[]>().notNull().default([]),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId, t.lessonKey] })],
);

// A student's edits to a lesson cell or an exercise's editor, saved to their account.
export const savedCode = pgTable(
  "saved_code",
  {
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: text("course_id")
      .notNull()
      .references(() => course.id, { onDelete: "cascade" }),
    // "cell:01-bigram#counts" or "exercise:01-bigram/count-bigrams"
    key: text("key").notNull(),
    code: text("code").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId, t.key] })],
);

// Each hint a student takes, recorded once.
export const hintReveal = pgTable(
  "hint_reveal",
  {
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    // Exercise keys are unique within a course only: two courses may both have "01-intro/warm-up".
    courseId: text("course_id")
      .notNull()
      .references(() => course.id, { onDelete: "cascade" }),
    exerciseKey: text("exercise_key").notNull(),
    hintIndex: integer("hint_index").notNull(),
    revealedAt: timestamp("revealed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId, t.exerciseKey, t.hintIndex] })],
);

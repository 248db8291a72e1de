import { index, integer, pgEnum, pgTable, real, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { exercise } from "./courses.ts";

export const submissionStatus = pgEnum("submission_status", [
  "queued",
  "running",
  "passed",
  "failed",
  "error",
]);
export type SubmissionStatus = (typeof submissionStatus.enumValues)[number];

export const submission = pgTable(
  "submission",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    // The exact exercise version graded against.
    exerciseId: uuid("exercise_id")
      .notNull()
      .references(() => exercise.id, { onDelete: "restrict" }),
    exerciseKey: text("exercise_key").notNull(),
    code: text("code").notNull(),
    status: submissionStatus("status").notNull().default("queued"),
    score: real("score"),
    maxScore: real("max_score"),
    // Why a submission ended in "error" (dead-lettered job, sandbox failure), in words for the student.
    errorReason: text("error_reason"),
    // Seed for randomized hidden-test inputs, fixed per submission so a regrade is reproducible.
    seed: integer("seed").notNull(),
    attempts: integer("attempts").notNull().default(0),
    jobId: text("job_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    durationMs: integer("duration_ms"),
  },
  (t) => [
    index("submission_user_exercise_idx").on(t.userId, t.exerciseKey, t.createdAt),
    index("submission_status_idx").on(t.status),
  ],
);

export const testStatus = pgEnum("test_status", ["passed", "failed", "error", "timeout", "memory"]);
export const testVisibility = pgEnum("test_visibility", ["visible", "hidden"]);

export const submissionTestResult = pgTable(
  "submission_test_result",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submission.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    // For hidden tests only the author-written name and message are stored: never test code or a stack.
    name: text("name").notNull(),
    visibility: testVisibility("visibility").notNull(),
    status: testStatus("status").notNull(),
    message: text("message").notNull().default(""),
    weight: real("weight").notNull().default(1),
    durationMs: integer("duration_ms").notNull().default(0),
  },
  (t) => [index("submission_test_result_submission_idx").on(t.submissionId, t.position)],
);

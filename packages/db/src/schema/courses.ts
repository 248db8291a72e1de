import {
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth.ts";

// A course is a stable identity ("llm101n"); its content lives in numbered, immutable versions.
// Everything below a version (chapters, lessons, sections, cells, exercises) is written once, when the
// version is imported or published, and never updated: submissions point at the exercise row they were
// graded against, so a regrade years later still knows what the student saw.
// Rows that must be matched across versions (progress, saved cell edits) use stable string keys
// ("01-bigram/count-bigrams") rather than row ids.

export const courseVersionStatus = pgEnum("course_version_status", ["draft", "published", "retired"]);

export const course = pgTable("course", {
  id: text("id").primaryKey(), // slug, e.g. "llm101n"
  title: text("title").notNull(),
  summary: text("summary").notNull().default(""),
  // The version students see; null until the first publish.
  publishedVersionId: uuid("published_version_id").references((): AnyPgColumn => courseVersion.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const courseVersion = pgTable(
  "course_version",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: text("course_id")
      .notNull()
      .references(() => course.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    // SHA-256 over the course's files: importing the same content twice makes no new version.
    contentHash: text("content_hash").notNull(),
    status: courseVersionStatus("status").notNull().default("draft"),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    unique("course_version_number_uq").on(t.courseId, t.number),
    unique("course_version_hash_uq").on(t.courseId, t.contentHash),
  ],
);

export const chapter = pgTable(
  "chapter",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseVersionId: uuid("course_version_id")
      .notNull()
      .references(() => courseVersion.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(), // "01-bigram"
    position: integer("position").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
  },
  (t) => [unique("chapter_slug_uq").on(t.courseVersionId, t.slug)],
);

export const lesson = pgTable(
  "lesson",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseVersionId: uuid("course_version_id")
      .notNull()
      .references(() => courseVersion.id, { onDelete: "cascade" }),
    chapterId: uuid("chapter_id")
      .notNull()
      .references(() => chapter.id, { onDelete: "cascade" }),
    key: text("key").notNull(), // stable across versions: "01-bigram"
    position: integer("position").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    // The lesson's Markdown source and its parsed front matter, for rendering and export.
    source: text("source").notNull(),
    frontMatter: jsonb("front_matter").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [unique("lesson_key_uq").on(t.courseVersionId, t.key)],
);

export const lessonSection = pgTable(
  "lesson_section",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lesson.id, { onDelete: "cascade" }),
    sectionId: text("section_id").notNull(), // stable id the tutor cites and URLs link to
    position: integer("position").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
  },
  (t) => [unique("lesson_section_uq").on(t.lessonId, t.sectionId)],
);

export const cellKind = pgEnum("cell_kind", ["runnable", "static"]);

export const cell = pgTable(
  "cell",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lesson.id, { onDelete: "cascade" }),
    key: text("key").notNull(), // stable across versions: "01-bigram#counts"
    sectionId: text("section_id"),
    position: integer("position").notNull(),
    kind: cellKind("kind").notNull(),
    code: text("code").notNull(),
    timeLimitMs: integer("time_limit_ms").notNull().default(10_000),
  },
  (t) => [unique("cell_key_uq").on(t.lessonId, t.key)],
);

export type ExerciseHint = { text: string };
export type ExerciseLimits = { timeMs: number; memoryMiB: number };

export const exercise = pgTable(
  "exercise",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseVersionId: uuid("course_version_id")
      .notNull()
      .references(() => courseVersion.id, { onDelete: "cascade" }),
    chapterId: uuid("chapter_id")
      .notNull()
      .references(() => chapter.id, { onDelete: "cascade" }),
    key: text("key").notNull(), // stable across versions: "01-bigram/count-bigrams"
    sectionId: text("section_id"), // the lesson section it belongs to
    position: integer("position").notNull(),
    title: text("title").notNull(),
    prompt: text("prompt").notNull(),
    points: integer("points").notNull(),
    starterCode: text("starter_code").notNull(),
    // Visible tests are the student's: they run them in the browser.
    visibleTests: text("visible_tests").notNull(),
    hints: jsonb("hints").$type<ExerciseHint[]>().notNull().default([]),
    limits: jsonb("limits").$type<ExerciseLimits>().notNull(),
    testWeights: jsonb("test_weights").$type<Record<string, number>>().notNull().default({}),
    // Per hidden test, the message its author wrote for a failure (exercise.yaml tests.<name>.message):
    // the only text about a hidden test a student ever sees besides its name.
    testMessages: jsonb("test_messages").$type<Record<string, string>>().notNull().default({}),
    // Keys of earlier exercises this one imports ("@exercise/02-micrograd/value").
    dependsOn: jsonb("depends_on").$type<string[]>().notNull().default([]),
  },
  (t) => [unique("exercise_key_uq").on(t.courseVersionId, t.key), index("exercise_key_idx").on(t.key)],
);

// What a student must never see: the reference solution and the hidden tests. Kept in a table of its
// own so that no student-facing query can select them by accident; only the grader, the validator
// and the studio read it.
export const exerciseSecret = pgTable("exercise_secret", {
  exerciseId: uuid("exercise_id")
    .primaryKey()
    .references(() => exercise.id, { onDelete: "cascade" }),
  solutionCode: text("solution_code").notNull(),
  hiddenTests: text("hidden_tests").notNull(),
});

import { sql } from "drizzle-orm";
import {
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { courseVersion } from "./courses.ts";

const tsvector = customType<{ data: string }>({
  dataType() {
    return "tsvector";
  },
});

export const chunkKind = pgEnum("chunk_kind", ["section", "exercise"]);

// What the tutor retrieves: one chunk per lesson section and per exercise prompt. Never a solution or a
// hidden test: those live only in exercise_secret, and the import never copies them here.
export const curriculumChunk = pgTable(
  "curriculum_chunk",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseVersionId: uuid("course_version_id")
      .notNull()
      .references(() => courseVersion.id, { onDelete: "cascade" }),
    courseId: text("course_id").notNull(),
    chapterSlug: text("chapter_slug").notNull(),
    lessonKey: text("lesson_key").notNull(),
    sectionId: text("section_id").notNull(),
    exerciseKey: text("exercise_key"),
    kind: chunkKind("kind").notNull(),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    text: text("text").notNull(),
    // Titles weigh more than body text in ranking.
    searchVector: tsvector("search_vector")
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("text", '')), 'B')`,
      ),
  },
  (t) => [
    index("curriculum_chunk_search_idx").using("gin", t.searchVector),
    index("curriculum_chunk_version_idx").on(t.courseVersionId),
  ],
);

// The tutor's optional vector search: one embedding per chunk and embedding model, written by the tutor
// when an embeddings endpoint is configured. A plain real[] so the table exists on PGlite too (whose
// pgvector build does not match its version); on Postgres with the vector extension the tutor casts it
// to vector for the distance operator.
export const curriculumChunkEmbedding = pgTable(
  "curriculum_chunk_embedding",
  {
    chunkId: uuid("chunk_id")
      .notNull()
      .references(() => curriculumChunk.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    embedding: real("embedding").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.chunkId, t.model] })],
);

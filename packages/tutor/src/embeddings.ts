import { type Database, queryRows } from "@nanoschool/db/client";
import { curriculumChunkEmbedding } from "@nanoschool/db/schema";
import { sql } from "drizzle-orm";
import type { EmbeddingModel } from "./llm.ts";
import type { VectorBackend, VectorSearch } from "./retrieval.ts";

// The optional vector search. Chunks of a course version are embedded once per embedding model, on the
// first question about that version (versions are immutable, so the embeddings never go stale), and
// stored in curriculum_chunk_embedding as a plain real[].
//
// Why real[] and not a pgvector `vector` column: the same migrations run on a Postgres server that may
// not have pgvector, where a vector-typed column would make the migration fail. pgvector casts real[] to
// vector, so the query casts at read time (`embedding::vector <=> question::vector`) and ranks by
// cosine distance inside the database. That rules out an ANN index (an HNSW index on the cast needs one
// fixed dimension, and each embedding model has its own); a course version holds a few hundred chunks,
// which the exact scan ranks in one pass.
//
// Where pgvector runs: always on the embedded PGlite (@nanoschool/db loads @electric-sql/pglite-pgvector
// when it opens PGlite), and on Postgres when the server has pgvector and the extension is created
// (migrateDatabase creates it when the server offers it). On a Postgres without it, the same cosine
// ranking is computed in this process.

const BATCH = 32;

export async function indexChunkEmbeddings(
  db: Database,
  embedder: EmbeddingModel,
  courseVersionId: string,
): Promise<number> {
  const missing = await queryRows<{ id: string; title: string; text: string }>(
    db,
    sql`select c.id, c.title, c.text from curriculum_chunk c
      where c.course_version_id = ${courseVersionId}
        and not exists (select 1 from curriculum_chunk_embedding e where e.chunk_id = c.id and e.model = ${embedder.model})
      order by c.position`,
  );
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const vectors = await embedder.embed(batch.map((c) => `${c.title}\n\n${c.text}`));
    await db
      .insert(curriculumChunkEmbedding)
      .values(batch.map((c, j) => ({ chunkId: c.id, model: embedder.model, embedding: vectors[j] ?? [] })))
      .onConflictDoNothing();
  }
  return missing.length;
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** "pgvector" when the vector extension is created in this database (always so on PGlite). */
export async function detectVectorBackend(db: Database): Promise<VectorBackend> {
  const [row] = await queryRows<{ installed: boolean }>(
    db,
    sql`select exists(select 1 from pg_extension where extname = 'vector') as installed`,
  );
  return row?.installed === true ? "pgvector" : "in-process";
}

/** The chunks of a version nearest to `query` by pgvector's cosine distance (`<=>`), nearest first. */
export async function nearestByPgvector(
  db: Database,
  model: string,
  courseVersionId: string,
  query: number[],
  limit: number,
): Promise<string[]> {
  const literal = `[${query.join(",")}]`;
  // A zero vector has no direction: its cosine distance is NaN, which Postgres sorts after every number.
  // Ties go by position, as in nearestInProcess.
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select c.id from curriculum_chunk_embedding e join curriculum_chunk c on c.id = e.chunk_id
      where c.course_version_id = ${courseVersionId} and e.model = ${model}
      order by e.embedding::vector <=> ${literal}::vector, c.position
      limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

export type StoredEmbedding = { id: string; position: number; embedding: number[] };

export async function loadEmbeddings(
  db: Database,
  model: string,
  courseVersionId: string,
): Promise<StoredEmbedding[]> {
  return queryRows<StoredEmbedding>(
    db,
    sql`select c.id, c.position, e.embedding from curriculum_chunk_embedding e
      join curriculum_chunk c on c.id = e.chunk_id
      where c.course_version_id = ${courseVersionId} and e.model = ${model}`,
  );
}

/** The same ranking as nearestByPgvector, computed here: for a Postgres without pgvector. */
export function nearestInProcess(stored: StoredEmbedding[], query: number[], limit: number): string[] {
  const normOf = (v: number[]) => v.reduce((sum, x) => sum + x * x, 0);
  return stored
    .map((r) => ({
      id: r.id,
      position: r.position,
      // pgvector clamps the cosine to [-1, 1] and puts zero vectors (NaN) last; so does this.
      distance:
        normOf(r.embedding) === 0
          ? Number.POSITIVE_INFINITY
          : 1 - Math.min(1, Math.max(-1, cosine(query, r.embedding))),
    }))
    .sort((a, b) => a.distance - b.distance || a.position - b.position)
    .slice(0, limit)
    .map((r) => r.id);
}

export function createVectorSearch(db: Database, embedder: EmbeddingModel): VectorSearch {
  const indexed = new Map<string, Promise<unknown>>();
  const stored = new Map<string, Promise<StoredEmbedding[]>>();
  let backend: Promise<VectorBackend> | undefined;

  const ensureIndexed = (versionId: string) => {
    let done = indexed.get(versionId);
    if (!done) {
      done = indexChunkEmbeddings(db, embedder, versionId).catch((error) => {
        indexed.delete(versionId); // try again on the next question
        throw error;
      });
      indexed.set(versionId, done);
    }
    return done;
  };

  return async (question, courseVersionId, limit) => {
    await ensureIndexed(courseVersionId);
    backend ??= detectVectorBackend(db).catch(() => "in-process" as const);
    const used = await backend;
    const [vector] = await embedder.embed([question]);
    // A question with nothing to embed (or a zero vector) is near nothing: the other searches decide.
    if (!vector || vector.every((x) => x === 0)) return { ids: [], backend: used };
    if (used === "pgvector") {
      return {
        ids: await nearestByPgvector(db, embedder.model, courseVersionId, vector, limit),
        backend: used,
      };
    }
    let rows = stored.get(courseVersionId);
    if (!rows) {
      rows = loadEmbeddings(db, embedder.model, courseVersionId);
      stored.set(courseVersionId, rows);
      rows.catch(() => stored.delete(courseVersionId));
    }
    return { ids: nearestInProcess(await rows, vector, limit), backend: used };
  };
}

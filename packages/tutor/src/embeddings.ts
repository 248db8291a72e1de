import { type Database, queryRows } from "@nanoschool/db/client";
import { curriculumChunkEmbedding } from "@nanoschool/db/schema";
import { sql } from "drizzle-orm";
import type { EmbeddingModel } from "./llm.ts";
import type { VectorSearch } from "./retrieval.ts";

// The optional vector search. Chunks of a course version are embedded once per embedding model, on the
// first question about that version (versions are immutable, so the embeddings never go stale), and
// stored in curriculum_chunk_embedding. On Postgres with the vector extension installed the nearest
// chunks come from pgvector's cosine distance; elsewhere (PGlite, whose pgvector package has no build for
// its version, or a Postgres without the extension) from the same cosine in this process, which for a
// course of a few hundred chunks costs well under a millisecond per question.

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

async function hasPgvector(db: Database): Promise<boolean> {
  const [row] = await queryRows<{ installed: boolean }>(
    db,
    sql`select exists(select 1 from pg_extension where extname = 'vector') as installed`,
  );
  return row?.installed === true;
}

export function createVectorSearch(db: Database, embedder: EmbeddingModel): VectorSearch {
  const indexed = new Map<string, Promise<unknown>>();
  const stored = new Map<string, Promise<{ id: string; embedding: number[] }[]>>();
  let pgvector: Promise<boolean> | undefined;

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
    const [vector] = await embedder.embed([question]);
    if (!vector || vector.length === 0) return [];
    pgvector ??= hasPgvector(db).catch(() => false);
    if (await pgvector) {
      const literal = `[${vector.join(",")}]`;
      const rows = await queryRows<{ id: string }>(
        db,
        sql`select c.id from curriculum_chunk_embedding e join curriculum_chunk c on c.id = e.chunk_id
          where c.course_version_id = ${courseVersionId} and e.model = ${embedder.model}
          order by e.embedding::vector <=> ${literal}::vector limit ${limit}`,
      );
      return rows.map((r) => r.id);
    }
    let rows = stored.get(courseVersionId);
    if (!rows) {
      rows = queryRows<{ id: string; embedding: number[] }>(
        db,
        sql`select c.id, e.embedding from curriculum_chunk_embedding e join curriculum_chunk c on c.id = e.chunk_id
          where c.course_version_id = ${courseVersionId} and e.model = ${embedder.model}`,
      );
      stored.set(courseVersionId, rows);
    }
    return (await rows)
      .map((r) => ({ id: r.id, score: cosine(vector, r.embedding) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((r) => r.id);
  };
}

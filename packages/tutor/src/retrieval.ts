import { type Database, queryRows } from "@nanoschool/db/client";
import { sql } from "drizzle-orm";

// Retrieval over curriculum_chunk: one chunk per lesson section and per exercise prompt. Solutions and
// hidden tests are not in that table, so nothing here can return them.
//
// Several ranked lists are fused by reciprocal rank (score = sum of 1 / (k + rank)):
//  1. full-text search over the whole course, the question's lexemes OR-ed (websearch_to_tsquery would
//     AND them, and a question in plain words then matches nothing), ranked by ts_rank_cd;
//  2. the same search restricted to the lesson in view (a second vote for what the student is reading);
//  3. the section and the exercise in view, which answer "what does this mean?" questions that share no
//     words with the text;
//  4. when an embedder is configured, nearest chunks by embedding.

export type RetrievedChunk = {
  id: string;
  lessonKey: string;
  sectionId: string;
  exerciseKey: string | null;
  kind: "section" | "exercise";
  title: string;
  text: string;
  score: number;
};

/** Where the nearest chunks were ranked: by pgvector in the database, or by the same cosine here. */
export type VectorBackend = "pgvector" | "in-process";
export type VectorHits = { ids: string[]; backend: VectorBackend };
export type VectorSearch = (question: string, courseVersionId: string, limit: number) => Promise<VectorHits>;

export type RetrieveOptions = {
  courseVersionId: string;
  question: string;
  lessonKey?: string | undefined;
  sectionId?: string | undefined;
  exerciseKey?: string | undefined;
  limit?: number;
  vectorSearch?: VectorSearch | undefined;
};

/** RRF's constant: 60 is the value of the original paper and damps the weight of the very top ranks. */
export const RRF_K = 60;
const CANDIDATES = 30;

type ChunkRow = Omit<RetrievedChunk, "score"> & { rank: number };

// The question's lexemes (English stemming, stop words dropped), each quoted, joined with OR. The
// query is parsed with the 'simple' configuration so the stems are not stemmed a second time.
const orQuery = (question: string) => sql`to_tsquery('simple', coalesce(array_to_string(array(
    select quote_literal(lexeme) from unnest(tsvector_to_array(to_tsvector('english', ${question}))) as lexeme
  ), ' | '), ''))`;

async function fullTextSearch(
  db: Database,
  courseVersionId: string,
  question: string,
  lessonKey: string | undefined,
): Promise<ChunkRow[]> {
  const lessonFilter = lessonKey ? sql`and c.lesson_key = ${lessonKey}` : sql``;
  return queryRows<ChunkRow>(
    db,
    sql`with q as (select ${orQuery(question)} as query)
      select c.id, c.lesson_key as "lessonKey", c.section_id as "sectionId", c.exercise_key as "exerciseKey",
        c.kind, c.title, c.text, ts_rank_cd(c.search_vector, q.query, 1) as rank
      from curriculum_chunk c, q
      where c.course_version_id = ${courseVersionId} ${lessonFilter} and c.search_vector @@ q.query
      order by rank desc, c.position asc
      limit ${CANDIDATES}`,
  );
}

async function chunksInView(
  db: Database,
  courseVersionId: string,
  lessonKey: string | undefined,
  sectionId: string | undefined,
  exerciseKey: string | undefined,
): Promise<ChunkRow[]> {
  if (!exerciseKey && !(lessonKey && sectionId)) return [];
  const exercise = exerciseKey
    ? sql`(c.kind = 'exercise' and (c.exercise_key = ${exerciseKey} or c.exercise_key like ${`%/${exerciseKey}`}))`
    : sql`false`;
  const section =
    lessonKey && sectionId
      ? sql`(c.kind = 'section' and c.lesson_key = ${lessonKey} and c.section_id = ${sectionId})`
      : sql`false`;
  return queryRows<ChunkRow>(
    db,
    sql`select c.id, c.lesson_key as "lessonKey", c.section_id as "sectionId", c.exercise_key as "exerciseKey",
        c.kind, c.title, c.text, 0 as rank
      from curriculum_chunk c
      where c.course_version_id = ${courseVersionId} and (${exercise} or ${section})
      order by c.kind desc, c.position asc`,
  );
}

async function chunksById(db: Database, ids: string[]): Promise<ChunkRow[]> {
  if (ids.length === 0) return [];
  return queryRows<ChunkRow>(
    db,
    sql`select c.id, c.lesson_key as "lessonKey", c.section_id as "sectionId", c.exercise_key as "exerciseKey",
        c.kind, c.title, c.text, 0 as rank
      from curriculum_chunk c where c.id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
  );
}

/** Reciprocal rank fusion of ranked id lists; ties keep the order of first appearance. */
export function fuseRankings(lists: string[][], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    for (const [index, id] of list.entries()) scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1));
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

export async function retrieveChunks(db: Database, options: RetrieveOptions): Promise<RetrievedChunk[]> {
  const limit = options.limit ?? 5;
  const [global, inLesson, inView, vectorIds] = await Promise.all([
    fullTextSearch(db, options.courseVersionId, options.question, undefined),
    options.lessonKey
      ? fullTextSearch(db, options.courseVersionId, options.question, options.lessonKey)
      : Promise.resolve([]),
    chunksInView(db, options.courseVersionId, options.lessonKey, options.sectionId, options.exerciseKey),
    options.vectorSearch
      ? options.vectorSearch(options.question, options.courseVersionId, CANDIDATES).then(
          (hits) => hits.ids,
          () => [], // an embeddings endpoint that is down costs the vector vote, never the answer
        )
      : Promise.resolve([]),
  ]);
  const rows = new Map<string, ChunkRow>();
  for (const row of [...global, ...inLesson, ...inView]) rows.set(row.id, row);
  const missing = vectorIds.filter((id) => !rows.has(id));
  for (const row of await chunksById(db, missing)) rows.set(row.id, row);

  const fused = fuseRankings([
    global.map((r) => r.id),
    inLesson.map((r) => r.id),
    inView.map((r) => r.id),
    vectorIds,
  ]);
  return fused.slice(0, limit).flatMap(({ id, score }) => {
    const row = rows.get(id);
    if (!row) return [];
    const { rank: _rank, ...chunk } = row;
    return [{ ...chunk, score }];
  });
}

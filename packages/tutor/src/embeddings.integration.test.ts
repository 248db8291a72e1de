import { type DatabaseHandle, queryRows } from "@nanoschool/db/client";
import { curriculumChunk, curriculumChunkEmbedding } from "@nanoschool/db/schema";
import { createTestDatabase } from "@nanoschool/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cosine,
  createVectorSearch,
  detectVectorBackend,
  indexChunkEmbeddings,
  loadEmbeddings,
  nearestByPgvector,
  nearestInProcess,
} from "./embeddings.ts";
import { readTutorEnv } from "./env.ts";
import { createEmbeddingModel, type EmbeddingModel } from "./llm.ts";
import { retrieveChunks, type VectorBackend, type VectorSearch } from "./retrieval.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./testing/fake-openai.ts";
import {
  addStudent,
  type FixtureCourse,
  HIDDEN_MARKER,
  SOLUTION_MARKER,
  seedFixtureCourse,
} from "./testing/fixture-course.ts";
import { askTutor, type TutorDeps } from "./tutor.ts";

// Runs on an in-memory PGlite (where pgvector is always loaded) and, in CI's second pass, on a Postgres
// server (where it is used only if the server has it). Every embedding comes from a fake
// OpenAI-compatible server over real HTTP.

let handle: DatabaseHandle;
let fixture: FixtureCourse;
let fake: FakeOpenAI;
let synonyms: FakeOpenAI;
let pgvectorInstalled: boolean;

// An embedding model that knows one synonym full-text search cannot: "invent" means sampling.
const topics = ["sampling", "count", "chain", "probabilit"];
const synonymEmbedding = (text: string) => {
  const lower = text.toLowerCase().replace(/invent\w*/g, "sampling");
  return topics.map((t) => (lower.includes(t) ? 1 : 0));
};

const embedderAt = (url: string, model: string) =>
  createEmbeddingModel(readTutorEnv({ OPENAI_BASE_URL: url, TUTOR_EMBEDDING_MODEL: model }))!;

/** Records which backend each vector search used, as it passes through retrieval. */
function recording(search: VectorSearch, backends: VectorBackend[]): VectorSearch {
  return async (...args) => {
    const hits = await search(...args);
    backends.push(hits.backend);
    return hits;
  };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  fixture = await seedFixtureCourse(handle.db);
  fake = await startFakeOpenAI();
  synonyms = await startFakeOpenAI({ embed: synonymEmbedding });
  const [row] = await queryRows<{ installed: boolean }>(
    handle.db,
    sql`select exists(select 1 from pg_extension where extname = 'vector') as installed`,
  );
  pgvectorInstalled = row?.installed === true;
});
afterAll(async () => {
  await fake?.close();
  await synonyms?.close();
  await handle?.close();
});

describe("vector search", () => {
  it("embeds every chunk once through an OpenAI-compatible endpoint, never a secret", async () => {
    const embedder = embedderAt(fake.url, "fake-embed");
    const count = await indexChunkEmbeddings(handle.db, embedder, fixture.versionId);
    expect(count).toBe(8); // 7 sections and 1 exercise prompt
    expect(await indexChunkEmbeddings(handle.db, embedder, fixture.versionId)).toBe(0);
    const bodies = JSON.stringify(fake.requests.filter((r) => r.path.endsWith("/embeddings")));
    expect(bodies).toContain("fake-embed");
    expect(bodies).not.toContain(SOLUTION_MARKER);
    expect(bodies).not.toContain(HIDDEN_MARKER);
    const rows = await handle.db.select().from(curriculumChunkEmbedding);
    expect(rows.filter((r) => r.model === "fake-embed")).toHaveLength(8);
    expect(rows[0]!.embedding).toHaveLength(64);
  });

  it("takes the pgvector path on PGlite, and on Postgres exactly when the extension is there", async () => {
    if (handle.kind === "pglite") expect(pgvectorInstalled).toBe(true);
    const expected: VectorBackend = pgvectorInstalled ? "pgvector" : "in-process";
    expect(await detectVectorBackend(handle.db)).toBe(expected);
    const hits = await createVectorSearch(handle.db, embedderAt(fake.url, "fake-embed"))(
      "count the pairs",
      fixture.versionId,
      3,
    );
    expect(hits.backend).toBe(expected);
    expect(hits.ids).toHaveLength(3);
  });

  it("ranks every chunk exactly as the in-process cosine does", async () => {
    const embedder = embedderAt(fake.url, "fake-embed");
    await indexChunkEmbeddings(handle.db, embedder, fixture.versionId);
    const stored = await loadEmbeddings(handle.db, "fake-embed", fixture.versionId);
    expect(stored).toHaveLength(8);
    const search = createVectorSearch(handle.db, embedder);
    const sectionOf = async (id: string | undefined) => {
      const [chunk] = await handle.db
        .select({ sectionId: curriculumChunk.sectionId })
        .from(curriculumChunk)
        .where(eq(curriculumChunk.id, id ?? ""));
      return chunk?.sectionId;
    };
    const questions: [string, string][] = [
      ["how often each pair occurs: we count bigram pairs of neighbouring characters", "counting"],
      ["the chain rule in backward, gradient of each node", "chain-rule"],
      ["draw the next character to generate a name", "sampling"],
      ["the negative log likelihood loss, lower is better", "negative-log-likelihood"],
    ];
    for (const [question, section] of questions) {
      const [vector] = await embedder.embed([question]);
      const inProcess = nearestInProcess(stored, vector!, 8);
      const hits = await search(question, fixture.versionId, 8);
      expect(hits.ids).toEqual(inProcess);
      if (pgvectorInstalled) {
        expect(hits.backend).toBe("pgvector");
        expect(await nearestByPgvector(handle.db, "fake-embed", fixture.versionId, vector!, 8)).toEqual(
          inProcess,
        );
      }
      expect(await sectionOf(hits.ids[0])).toBe(section);
    }
  });

  it("joins the fusion: a question only the vector side understands is answered with its section", async () => {
    const question = "could it invent something?";
    const backends: VectorBackend[] = [];
    const vectorSearch = recording(
      createVectorSearch(handle.db, embedderAt(synonyms.url, "synonyms")),
      backends,
    );

    const withoutVectors = await retrieveChunks(handle.db, { courseVersionId: fixture.versionId, question });
    expect(withoutVectors.map((c) => c.sectionId)).not.toContain("sampling");
    const withVectors = await retrieveChunks(handle.db, {
      courseVersionId: fixture.versionId,
      question,
      vectorSearch,
    });
    expect(withVectors[0]?.sectionId).toBe("sampling");

    await addStudent(handle.db, "vector-student");
    const env = readTutorEnv({ TUTOR_RATE_LIMIT_PER_MINUTE: "100" });
    const deps: TutorDeps = { db: handle.db, env, chatModel: null, vectorSearch };
    const request = {
      userId: "vector-student",
      courseId: fixture.courseId,
      messages: [{ role: "user" as const, content: question }],
    };
    const answer = await askTutor(deps, request);
    expect(answer.mode).toBe("retrieval");
    expect(answer.citations[0]?.sectionId).toBe("sampling");
    const blind = await askTutor({ ...deps, vectorSearch: undefined }, request);
    expect(blind.citations.map((c) => c.sectionId)).not.toContain("sampling");

    expect(backends).toEqual(new Array<VectorBackend>(2).fill(pgvectorInstalled ? "pgvector" : "in-process"));
    const embedded = synonyms.requests.filter((r) => r.path.endsWith("/embeddings"));
    expect(JSON.stringify(embedded)).toContain(question);
  });

  it("keeps answering from full-text search when the embeddings endpoint fails", async () => {
    const broken: EmbeddingModel = {
      model: "broken",
      embed: async () => {
        throw new Error("down");
      },
    };
    const chunks = await retrieveChunks(handle.db, {
      courseVersionId: fixture.versionId,
      question: "how do I sample a name?",
      vectorSearch: createVectorSearch(handle.db, broken),
    });
    expect(chunks[0]?.sectionId).toBe("sampling");
  });

  it("measures cosine similarity and ranks zero vectors last", () => {
    expect(cosine([1, 0], [1, 0])).toBe(1);
    expect(cosine([1, 0], [0, 2])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    const stored = [
      { id: "zero", position: 0, embedding: [0, 0] },
      { id: "far", position: 1, embedding: [0, 1] },
      { id: "near", position: 2, embedding: [1, 0.1] },
      { id: "close", position: 3, embedding: [1, 0.3] },
    ];
    expect(nearestInProcess(stored, [1, 0.1], 4)).toEqual(["near", "close", "far", "zero"]);
  });
});

import type { DatabaseHandle } from "@nanoschool/db/client";
import { curriculumChunkEmbedding } from "@nanoschool/db/schema";
import { createTestDatabase } from "@nanoschool/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cosine, createVectorSearch, indexChunkEmbeddings } from "./embeddings.ts";
import { readTutorEnv } from "./env.ts";
import { createEmbeddingModel, type EmbeddingModel } from "./llm.ts";
import { retrieveChunks } from "./retrieval.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./testing/fake-openai.ts";
import {
  type FixtureCourse,
  HIDDEN_MARKER,
  SOLUTION_MARKER,
  seedFixtureCourse,
} from "./testing/fixture-course.ts";

let handle: DatabaseHandle;
let fixture: FixtureCourse;
let fake: FakeOpenAI;

beforeAll(async () => {
  handle = await createTestDatabase();
  fixture = await seedFixtureCourse(handle.db);
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake?.close();
  await handle?.close();
});

// An embedder that knows one synonym full-text search cannot: "invent" means sampling.
const topics = ["sampling", "count", "chain", "probabilit"];
const synonymEmbedder: EmbeddingModel = {
  model: "synonyms",
  async embed(texts) {
    return texts.map((text) => {
      const lower = text.toLowerCase().replace(/invent\w*/g, "sampling");
      return topics.map((t) => (lower.includes(t) ? 1 : 0));
    });
  },
};

describe("vector search", () => {
  it("embeds every chunk once through an OpenAI-compatible endpoint, never a secret", async () => {
    const env = readTutorEnv({ OPENAI_BASE_URL: fake.url, TUTOR_EMBEDDING_MODEL: "fake-embed" });
    const embedder = createEmbeddingModel(env)!;
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

  it("joins the fusion: finds a section by meaning where full-text search finds nothing", async () => {
    const search = createVectorSearch(handle.db, synonymEmbedder);
    const question = "could it invent something?";
    const withoutVectors = await retrieveChunks(handle.db, { courseVersionId: fixture.versionId, question });
    expect(withoutVectors.map((c) => c.sectionId)).not.toContain("sampling");
    const withVectors = await retrieveChunks(handle.db, {
      courseVersionId: fixture.versionId,
      question,
      vectorSearch: search,
    });
    expect(withVectors[0]?.sectionId).toBe("sampling");
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

  it("measures cosine similarity", () => {
    expect(cosine([1, 0], [1, 0])).toBe(1);
    expect(cosine([1, 0], [0, 2])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });
});

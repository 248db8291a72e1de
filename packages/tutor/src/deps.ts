import type { Database } from "@nanoschool/db/client";
import { createVectorSearch } from "./embeddings.ts";
import { readTutorEnv, type TutorEnv } from "./env.ts";
import { type ChatModel, createChatModel, createEmbeddingModel } from "./llm.ts";
import type { VectorSearch } from "./retrieval.ts";
import type { TutorDeps } from "./tutor.ts";

// One model client per process, built from the environment on first use; one vector search per
// database (it remembers which course versions it has embedded).

let cached: { env: TutorEnv; chatModel: ChatModel | null } | undefined;
const vectorSearches = new WeakMap<Database, VectorSearch | undefined>();

export function tutorDepsFor(db: Database): TutorDeps {
  if (!cached) {
    const env = readTutorEnv();
    cached = { env, chatModel: createChatModel(env) };
  }
  if (!vectorSearches.has(db)) {
    const embedder = createEmbeddingModel(cached.env);
    vectorSearches.set(db, embedder ? createVectorSearch(db, embedder) : undefined);
  }
  return { db, env: cached.env, chatModel: cached.chatModel, vectorSearch: vectorSearches.get(db) };
}

import type { Database } from "@nanoschool/db/client";
import { readTutorEnv, type TutorEnv } from "./env.ts";
import { type ChatModel, createChatModel } from "./llm.ts";
import type { TutorDeps } from "./tutor.ts";

// One model client per process, built from the environment on first use.

let cached: { env: TutorEnv; chatModel: ChatModel | null } | undefined;

export function tutorDepsFor(db: Database): TutorDeps {
  if (!cached) {
    const env = readTutorEnv();
    cached = { env, chatModel: createChatModel(env) };
  }
  return { db, env: cached.env, chatModel: cached.chatModel };
}

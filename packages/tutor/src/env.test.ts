import { describe, expect, it } from "vitest";
import { readTutorEnv, TutorEnvError } from "./env.ts";

describe("readTutorEnv", () => {
  it("defaults to retrieval-only mode without vector search", () => {
    const env = readTutorEnv({});
    expect(env.TUTOR_MODEL).toBeUndefined();
    expect(env.TUTOR_EMBEDDING_MODEL).toBeUndefined();
  });

  it("takes an embeddings model on an OpenAI-compatible server, with or without a chat model", () => {
    const env = readTutorEnv({
      OPENAI_BASE_URL: "http://localhost:11434/v1",
      TUTOR_EMBEDDING_MODEL: " nomic-embed-text ",
    });
    expect(env.TUTOR_EMBEDDING_MODEL).toBe("nomic-embed-text");
    expect(env.TUTOR_MODEL).toBeUndefined();
  });

  it("refuses an embeddings model with no server to ask, and says how to fix it", () => {
    expect(() => readTutorEnv({ TUTOR_EMBEDDING_MODEL: "nomic-embed-text" })).toThrow(TutorEnvError);
    expect(() => readTutorEnv({ TUTOR_EMBEDDING_MODEL: "nomic-embed-text" })).toThrow(/OPENAI_BASE_URL/);
    expect(
      readTutorEnv({ OPENAI_API_KEY: "sk-x", TUTOR_EMBEDDING_MODEL: "text-embedding-3-small" }),
    ).toMatchObject({
      TUTOR_EMBEDDING_MODEL: "text-embedding-3-small",
    });
  });
});

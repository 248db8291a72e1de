import { z } from "zod";

// The tutor's settings, read from the environment in this one place.
//
// Any OpenAI-compatible server works:
//   OpenAI:  OPENAI_BASE_URL=https://api.openai.com/v1  OPENAI_API_KEY=sk-...  TUTOR_MODEL=gpt-4o-mini
//   Ollama:  OPENAI_BASE_URL=http://localhost:11434/v1  OPENAI_API_KEY=ollama  TUTOR_MODEL=llama3.1:8b
//   vLLM:    OPENAI_BASE_URL=http://localhost:8000/v1   OPENAI_API_KEY=token   TUTOR_MODEL=Qwen/Qwen2.5-7B-Instruct
// Without TUTOR_MODEL the tutor runs in retrieval-only mode (the embedded default).

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const positiveInt = (fallback: number) =>
  z.coerce.number().int("must be a whole number").positive("must be greater than 0").default(fallback);

const tutorEnvSchema = z.object({
  OPENAI_BASE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), {
    message: "must be an http(s) URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1",
  }),
  OPENAI_API_KEY: optionalText,
  TUTOR_MODEL: optionalText,
  /**
   * An embeddings model on the same server (e.g. text-embedding-3-small, nomic-embed-text); adds vector
   * search to retrieval: pgvector on PGlite and on a Postgres that has it, the same cosine in process
   * on a Postgres without it.
   */
  TUTOR_EMBEDDING_MODEL: optionalText,
  TUTOR_TIMEOUT_MS: positiveInt(30_000),
  TUTOR_MAX_QUESTION_CHARS: positiveInt(2_000),
  TUTOR_RATE_LIMIT_PER_MINUTE: positiveInt(6),
  TUTOR_DAILY_QUOTA: positiveInt(100),
});

export type TutorEnv = z.infer<typeof tutorEnvSchema>;

export class TutorEnvError extends Error {
  override name = "TutorEnvError";
}

export function readTutorEnv(env: Record<string, string | undefined> = process.env): TutorEnv {
  const parsed = tutorEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TutorEnvError(`${issue.path.join(".")} ${issue.message}`);
  }
  const data = parsed.data;
  if (data.TUTOR_MODEL && !data.OPENAI_BASE_URL && !data.OPENAI_API_KEY) {
    throw new TutorEnvError(
      "TUTOR_MODEL is set but neither OPENAI_BASE_URL nor OPENAI_API_KEY is: set OPENAI_BASE_URL to your server (e.g. http://localhost:11434/v1 for Ollama) or OPENAI_API_KEY for OpenAI, or unset TUTOR_MODEL for retrieval-only mode.",
    );
  }
  if (data.TUTOR_EMBEDDING_MODEL && !data.OPENAI_BASE_URL && !data.OPENAI_API_KEY) {
    throw new TutorEnvError(
      "TUTOR_EMBEDDING_MODEL is set but neither OPENAI_BASE_URL nor OPENAI_API_KEY is: set OPENAI_BASE_URL to the server that serves it (e.g. http://localhost:11434/v1 for Ollama) or OPENAI_API_KEY for OpenAI, or unset TUTOR_EMBEDDING_MODEL to search by full text only.",
    );
  }
  return data;
}

/** True when a chat model is configured; otherwise the tutor answers in retrieval-only mode. */
export const hasChatModel = (env: TutorEnv) => env.TUTOR_MODEL !== undefined;

import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { TutorEnv } from "./env.ts";
import { TutorModelError } from "./errors.ts";
import type { ChatMessage } from "./prompt.ts";

// The one door to a language model: any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp).
// Every call runs under one deadline covering the whole answer, so a stalled stream cannot hang a
// request; every failure becomes a TutorModelError whose message a student can read.

export type ChatModel = {
  readonly model: string;
  /** The answer's text as it arrives. Throws TutorModelError on failure or after the deadline. */
  stream(messages: ChatMessage[]): AsyncIterable<string>;
};

export type EmbeddingModel = {
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
};

function clientFor(env: TutorEnv): OpenAI {
  return new OpenAI({
    baseURL: env.OPENAI_BASE_URL ?? "https://api.openai.com/v1",
    // Local servers (Ollama, vLLM) accept any key, but the SDK insists on one.
    apiKey: env.OPENAI_API_KEY ?? "no-key",
    timeout: env.TUTOR_TIMEOUT_MS,
    maxRetries: 0, // a retry would double the student's wait; they can ask again
  });
}

function explain(error: unknown, env: TutorEnv, timedOut: boolean): TutorModelError {
  if (error instanceof TutorModelError) return error;
  const seconds = Math.round(env.TUTOR_TIMEOUT_MS / 1000);
  if (timedOut || error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    return new TutorModelError(
      `The tutor's language model did not answer within ${seconds} s. Try again in a moment; if it keeps happening, the server's TUTOR_TIMEOUT_MS or model may need a look.`,
    );
  }
  if (error instanceof APIError && error.status !== undefined) {
    const why =
      error.status === 401 || error.status === 403
        ? "rejected the API key (check OPENAI_API_KEY)"
        : error.status === 404
          ? `does not know the model "${env.TUTOR_MODEL}" (check TUTOR_MODEL)`
          : error.status === 429
            ? "is busy or over its own quota"
            : `answered with an error (HTTP ${error.status})`;
    return new TutorModelError(`The tutor's language model server ${why}. Try again later.`);
  }
  return new TutorModelError(
    `The tutor could not reach its language model server${env.OPENAI_BASE_URL ? ` at ${env.OPENAI_BASE_URL}` : ""}. Try again later; if it keeps happening, check OPENAI_BASE_URL.`,
  );
}

export function createChatModel(env: TutorEnv): ChatModel | null {
  const model = env.TUTOR_MODEL;
  if (!model) return null;
  const client = clientFor(env);
  return {
    model,
    async *stream(messages) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, env.TUTOR_TIMEOUT_MS);
      try {
        const stream = await client.chat.completions.create(
          { model, messages, stream: true, temperature: 0.3 },
          { signal: controller.signal },
        );
        for await (const chunk of stream) {
          const text = chunk.choices[0]?.delta?.content;
          if (text) yield text;
        }
        if (timedOut) throw explain(null, env, true);
      } catch (error) {
        throw explain(error, env, timedOut);
      } finally {
        clearTimeout(timer);
        controller.abort(); // the consumer may stop early: release the connection
      }
    },
  };
}

export function createEmbeddingModel(env: TutorEnv): EmbeddingModel | null {
  const model = env.TUTOR_EMBEDDING_MODEL;
  if (!model) return null;
  const client = clientFor(env);
  return {
    model,
    async embed(texts) {
      try {
        const response = await client.embeddings.create({ model, input: texts });
        return response.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
      } catch (error) {
        throw explain(error, env, false);
      }
    },
  };
}

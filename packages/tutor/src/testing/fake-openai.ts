import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A fake OpenAI-compatible server over real HTTP, for tests: it records every request body and
// answers /chat/completions with a scripted reply, streamed as SSE chunks or as one JSON, or fails or
// stalls on demand.

export type FakeBehaviour =
  | { kind: "reply"; text: string; chunkSize?: number }
  | { kind: "status"; status: number }
  | { kind: "stall" }
  | { kind: "stall-mid-stream"; text: string };

export type FakeOpenAI = {
  url: string;
  requests: { path: string; body: Record<string, unknown> }[];
  behave(behaviour: FakeBehaviour): void;
  close(): Promise<void>;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (chunk) => {
      data += chunk;
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

/** A deterministic stand-in for an embedding: words hashed into 64 buckets. */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(64).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    let h = 0;
    for (const ch of word) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    vector[h % 64]! += 1;
  }
  return vector;
}

function chunkOf(text: string) {
  return {
    id: "c1",
    object: "chat.completion.chunk",
    created: 0,
    model: "fake",
    choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
  };
}

export type FakeOpenAIOptions = {
  /** How /embeddings turns a text into a vector; fakeEmbedding by default. */
  embed?: (text: string) => number[];
};

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const embed = options.embed ?? fakeEmbedding;
  let behaviour: FakeBehaviour = { kind: "reply", text: "Hello." };
  const requests: FakeOpenAI["requests"] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    requests.push({ path: req.url ?? "", body });
    open.add(res);
    res.on("close", () => open.delete(res));
    if (req.url?.endsWith("/embeddings")) {
      const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          object: "list",
          model: body.model,
          data: input.map((text, index) => ({ object: "embedding", index, embedding: embed(text) })),
          usage: { prompt_tokens: 0, total_tokens: 0 },
        }),
      );
      return;
    }
    if (!req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    if (behaviour.kind === "status") {
      res.writeHead(behaviour.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "fake failure", type: "server_error" } }));
      return;
    }
    if (behaviour.kind === "stall") return; // never answers
    const text = behaviour.text;
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "c1",
          object: "chat.completion",
          created: 0,
          model: "fake",
          choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    const size = behaviour.kind === "reply" ? (behaviour.chunkSize ?? 7) : 5;
    for (let i = 0; i < text.length; i += size) {
      res.write(`data: ${JSON.stringify(chunkOf(text.slice(i, i + size)))}\n\n`);
    }
    if (behaviour.kind === "stall-mid-stream") return; // keeps the stream open, sends nothing more
    res.write("data: [DONE]\n\n");
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    behave(next) {
      behaviour = next;
    },
    async close() {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import type { DatabaseHandle } from "@nanoschool/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { respondToChat } from "./chat-http.ts";
import type { FakeOpenAI } from "./testing/fake-openai.ts";
import { addStudent, type FixtureCourse } from "./testing/fixture-course.ts";
import { startTutorTestbed, type TutorTestbed } from "./testing/testbed.ts";
import type { TutorDeps } from "./tutor.ts";

// The chat API's protocol, on Web Request/Response objects: what the Next.js route returns.

let handle: DatabaseHandle;
let fixture: FixtureCourse;
let fake: FakeOpenAI;
let deps: TutorDeps;
let n = 0;

let bed: TutorTestbed;
beforeAll(async () => {
  bed = await startTutorTestbed({
    TUTOR_RATE_LIMIT_PER_MINUTE: "2",
    TUTOR_TIMEOUT_MS: "2000",
  });
  ({ handle, fixture, fake, deps } = bed);
});
afterAll(() => bed?.close());

async function newUser() {
  const id = `http-${++n}`;
  await addStudent(handle.db, id);
  return { id };
}

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

const post = (body: unknown) =>
  new Request("http://localhost/api/tutor/chat", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const question = (extra: Record<string, unknown> = {}) => ({
  courseId: fixture.courseId,
  lessonId: "01-bigram",
  messages: [{ role: "user", content: "How do I sample a name?" }],
  ...extra,
});

describe("POST /api/tutor/chat", () => {
  it("answers 401 without a user", async () => {
    const response = await respondToChat(deps, null, post(question()));
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatch(/Authorization: Bearer/);
  });

  it("answers 400 with a message on bad input", async () => {
    const user = await newUser();
    const notJson = await respondToChat(deps, user, post("{nope"));
    expect(notJson.status).toBe(400);
    expect(await errorOf(notJson)).toMatch(/must be JSON/);
    const badRole = await respondToChat(
      deps,
      user,
      post(question({ messages: [{ role: "system", content: "x" }] })),
    );
    expect(badRole.status).toBe(400);
    expect(await errorOf(badRole)).toBe('messages.0.role: role must be "user" or "assistant"');
    const noCourse = await respondToChat(deps, user, post({ messages: [{ role: "user", content: "x" }] }));
    expect(noCourse.status).toBe(400);
    expect(await errorOf(noCourse)).toMatch(/^courseId: /);
    const tooLong = await respondToChat(
      deps,
      user,
      post(question({ messages: [{ role: "user", content: "a".repeat(2_001) }] })),
    );
    expect(tooLong.status).toBe(400);
    expect(await errorOf(tooLong)).toMatch(/limit is 2000/);
  });

  it("streams SSE: deltas, then citations, then done", async () => {
    fake.behave({ kind: "reply", text: "Start at the dot [sampling].\nWhat comes next?", chunkSize: 6 });
    const response = await respondToChat(deps, await newUser(), post(question()));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const text = await response.text();
    const events = text
      .split("\n\n")
      .filter(Boolean)
      .map((block) => JSON.parse(block.replace(/^data: /, "")));
    const types = events.map((e) => e.type);
    expect(types.at(-1)).toBe("done");
    expect(types.at(-2)).toBe("citations");
    expect(types.slice(0, -2).every((t) => t === "delta")).toBe(true);
    expect(
      events
        .filter((e) => e.type === "delta")
        .map((e) => e.text)
        .join(""),
    ).toBe("Start at the dot [sampling].\nWhat comes next?");
    expect(events.at(-2).items).toEqual([
      { sectionId: "sampling", title: "Sampling names", url: "/learn/tiny-llm/01-bigram#sampling" },
    ]);
    expect(events.at(-1)).toMatchObject({ type: "done", mode: "llm" });
  });

  it("returns one JSON when stream is false", async () => {
    fake.behave({ kind: "reply", text: "Divide by the row sum [normalizing]." });
    const response = await respondToChat(
      deps,
      await newUser(),
      post(
        question({
          stream: false,
          messages: [{ role: "user", content: "How do counts become probabilities?" }],
        }),
      ),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      answer: "Divide by the row sum [normalizing].",
      mode: "llm",
      citations: [
        {
          sectionId: "normalizing",
          title: "From counts to probabilities",
          url: "/learn/tiny-llm/01-bigram#normalizing",
        },
      ],
    });
  });

  it("answers 429 with Retry-After over the limit", async () => {
    fake.behave({ kind: "reply", text: "ok" });
    const user = await newUser();
    for (let i = 0; i < 2; i++) {
      expect((await respondToChat(deps, user, post(question({ stream: false })))).status).toBe(200);
    }
    const refused = await respondToChat(deps, user, post(question({ stream: false })));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await errorOf(refused)).toMatch(/You can ask again in \d+ seconds/);
  });

  it("turns a model failure into 502 with a message, or an SSE error event", async () => {
    fake.behave({ kind: "status", status: 503 });
    const json = await respondToChat(deps, await newUser(), post(question({ stream: false })));
    expect(json.status).toBe(502);
    expect(await errorOf(json)).toMatch(/answered with an error \(HTTP 503\)/);
    const streamed = await respondToChat(deps, await newUser(), post(question()));
    const text = await streamed.text();
    expect(text).toContain('"type":"error"');
    expect(text).toMatch(/"type":"done"/);
  });

  it("answers 404 for an unknown course", async () => {
    const response = await respondToChat(
      deps,
      await newUser(),
      post(question({ courseId: "nope", lessonId: undefined })),
    );
    expect(response.status).toBe(404);
  });
});

import type { DatabaseHandle } from "@nanoschool/db/client";
import { tutorMessage, usageEvent } from "@nanoschool/db/schema";
import { createTestDatabase } from "@nanoschool/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listCourseConversations, readConversation } from "./conversations.ts";
import { readTutorEnv } from "./env.ts";
import { TutorInputError, TutorModelError, TutorNotFoundError, TutorRateLimitError } from "./errors.ts";
import { takeTutorAllowance } from "./limits.ts";
import { createChatModel } from "./llm.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./testing/fake-openai.ts";
import {
  addFailedSubmission,
  addStudent,
  type FixtureCourse,
  fixtureHints,
  fixtureSolution,
  HIDDEN_MARKER,
  SOLUTION_MARKER,
  seedFixtureCourse,
} from "./testing/fixture-course.ts";
import {
  askTutor,
  prepareTurn,
  runTurn,
  type TutorDeps,
  type TutorEvent,
  type TutorRequest,
} from "./tutor.ts";

let handle: DatabaseHandle;
let fixture: FixtureCourse;
let fake: FakeOpenAI;
let deps: TutorDeps;
let retrievalDeps: TutorDeps;
let studentCounter = 0;

const envFor = (url: string, extra: Record<string, string> = {}) =>
  readTutorEnv({
    OPENAI_BASE_URL: url,
    OPENAI_API_KEY: "test-key",
    TUTOR_MODEL: "fake-model",
    TUTOR_TIMEOUT_MS: "1500",
    TUTOR_RATE_LIMIT_PER_MINUTE: "100",
    TUTOR_DAILY_QUOTA: "1000",
    ...extra,
  });

beforeAll(async () => {
  handle = await createTestDatabase();
  fixture = await seedFixtureCourse(handle.db);
  fake = await startFakeOpenAI();
  const env = envFor(fake.url);
  deps = { db: handle.db, env, chatModel: createChatModel(env) };
  const bare = readTutorEnv({});
  retrievalDeps = { db: handle.db, env: bare, chatModel: createChatModel(bare) };
});
afterAll(async () => {
  await fake?.close();
  await handle?.close();
});

async function newStudent(): Promise<string> {
  const id = `student-${++studentCounter}`;
  await addStudent(handle.db, id);
  return id;
}

async function request(overrides: Partial<TutorRequest> = {}): Promise<TutorRequest> {
  return {
    userId: overrides.userId ?? (await newStudent()),
    courseId: fixture.courseId,
    messages: [{ role: "user", content: "Why do we add a dot before each name when counting bigrams?" }],
    ...overrides,
  };
}

async function collect(d: TutorDeps, req: TutorRequest): Promise<TutorEvent[]> {
  const events: TutorEvent[] = [];
  for await (const event of runTurn(d, await prepareTurn(d, req))) events.push(event);
  return events;
}

const lastBody = () => JSON.stringify(fake.requests.at(-1)?.body ?? {});

describe("with a model (fake OpenAI-compatible server over HTTP)", () => {
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it("sends the question, history, passages, lesson, student code and failed tests, never a solution or hidden test", async () => {
    fake.behave({
      kind: "reply",
      text: "The dot marks where a name starts [counting]. What pairs does 'emma' give?",
    });
    const userId = await newStudent();
    const code = "export function countBigrams(words: string[]) { return new Map(); } // STUDENT_CODE_MARKER";
    const submissionId = await addFailedSubmission(handle.db, fixture, userId, code);
    const answer = await askTutor(
      deps,
      await request({
        userId,
        lessonKey: "01-bigram",
        sectionId: "counting",
        exerciseKey: "count-bigrams",
        submissionId,
        messages: [
          { role: "user", content: "HISTORY_QUESTION_MARKER what is a bigram?" },
          { role: "assistant", content: "A pair of characters." },
          { role: "user", content: "Why does my hidden test fail?" },
        ],
      }),
    );
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!.body as {
      model: string;
      stream: boolean;
      messages: { role: string; content: string }[];
    };
    expect(sent.model).toBe("fake-model");
    expect(sent.stream).toBe(true);
    expect(sent.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    const system = sent.messages[0]!.content;
    expect(system).toContain("[counting] Counting bigrams"); // a retrieved passage, by id
    expect(system).toContain("Lesson in view: The bigram language model (01-bigram)");
    expect(system).toContain("STUDENT_CODE_MARKER");
    expect(system).toContain(
      '"counts every pair in one word" (hidden, failed): Check the pairs inside a single word',
    );
    expect(system).toContain(fixtureHints[0]);
    expect(sent.messages[1]!.content).toContain("HISTORY_QUESTION_MARKER");
    expect(sent.messages[3]!.content).toBe("Why does my hidden test fail?");
    const body = lastBody();
    expect(body).not.toContain(SOLUTION_MARKER);
    expect(body).not.toContain(HIDDEN_MARKER);
    expect(body).not.toContain("counts.set");
    expect(body).not.toContain("rng.words");

    expect(answer.mode).toBe("llm");
    expect(answer.answer).toBe("The dot marks where a name starts [counting]. What pairs does 'emma' give?");
    expect(answer.citations).toEqual([
      { sectionId: "counting", title: "Counting bigrams", url: "/learn/tiny-llm/01-bigram#counting" },
    ]);
  });

  it("streams deltas, then citations, then done, and stores the exchange", async () => {
    const text = "Normalize each row [normalizing], then sample [sampling]. Which row do you start from?";
    fake.behave({ kind: "reply", text, chunkSize: 4 });
    const userId = await newStudent();
    const events = await collect(
      deps,
      await request({
        userId,
        messages: [{ role: "user", content: "How do I sample a name from probabilities?" }],
      }),
    );
    const deltas = events.filter((e) => e.type === "delta");
    expect(deltas.length).toBeGreaterThanOrEqual(1);
    expect(deltas.map((e) => (e as { text: string }).text).join("")).toBe(text);
    expect(events.at(-2)).toEqual({
      type: "citations",
      items: [
        {
          sectionId: "normalizing",
          title: "From counts to probabilities",
          url: "/learn/tiny-llm/01-bigram#normalizing",
        },
        { sectionId: "sampling", title: "Sampling names", url: "/learn/tiny-llm/01-bigram#sampling" },
      ],
    });
    const done = events.at(-1);
    expect(done).toMatchObject({ type: "done", mode: "llm" });
    const conversation = await readConversation(
      handle.db,
      userId,
      (done as { conversationId: string }).conversationId,
    );
    expect(conversation.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "How do I sample a name from probabilities?"],
      ["assistant", text],
    ]);
    expect(conversation.messages[1]!.citations).toHaveLength(2);
    const forInstructor = await listCourseConversations(handle.db, fixture.courseId);
    expect(forInstructor.some((c) => c.studentId === userId)).toBe(true);
  });

  it("drops cited ids that were not retrieved, and cites the best passage when the model cites none", async () => {
    fake.behave({ kind: "reply", text: "See [made-up-section]." });
    const answer = await askTutor(
      deps,
      await request({ messages: [{ role: "user", content: "how do I sample names?" }] }),
    );
    expect(answer.citations.map((c) => c.sectionId)).toEqual(["sampling"]);
  });

  it("turns a server error into a clear message", async () => {
    fake.behave({ kind: "status", status: 500 });
    await expect(askTutor(deps, await request())).rejects.toThrow(
      new TutorModelError(
        "The tutor's language model server answered with an error (HTTP 500). Try again later.",
      ),
    );
    fake.behave({ kind: "status", status: 401 });
    await expect(askTutor(deps, await request())).rejects.toThrow(
      /rejected the API key \(check OPENAI_API_KEY\)/,
    );
  });

  it("times out a model that never answers, and one that stalls mid-stream, instead of hanging", async () => {
    fake.behave({ kind: "stall" });
    const started = Date.now();
    await expect(askTutor(deps, await request())).rejects.toThrow(/did not answer within 2 s/);
    expect(Date.now() - started).toBeLessThan(5_000);

    fake.behave({ kind: "stall-mid-stream", text: "The dot marks the start.\nAnd then" });
    const events = await collect(deps, await request());
    expect(
      events
        .filter((e) => e.type === "delta")
        .map((e) => (e as { text: string }).text)
        .join(""),
    ).toBe("The dot marks the start.\nAnd "); // prose goes out word by word; "then" never completed
    expect(events.find((e) => e.type === "error")).toMatchObject({
      message: expect.stringMatching(/did not answer within/),
    });
    expect(events.at(-1)).toMatchObject({ type: "done" });
  });

  it("reports an unreachable server", async () => {
    const env = envFor("http://127.0.0.1:9/v1");
    await expect(
      askTutor({ ...deps, env, chatModel: createChatModel(env) }, await request()),
    ).rejects.toThrow(/could not reach its language model server at http:\/\/127\.0\.0\.1:9\/v1/);
  });
});

describe("retrieval-only mode (no model configured)", () => {
  it("answers with the best passages, their citations and the next hint, and says no model is configured", async () => {
    const answer = await askTutor(
      retrievalDeps,
      await request({
        exerciseKey: fixture.exerciseKey,
        messages: [{ role: "user", content: "How do I count the bigrams of a name?" }],
      }),
    );
    expect(answer.mode).toBe("retrieval");
    expect(answer.answer).toMatch(/^No language model is configured on this server/);
    expect(answer.answer).toContain("**Counting bigrams** [counting](/learn/tiny-llm/01-bigram#counting)");
    expect(answer.answer).toContain(`Hint 1 of 3 for "Count the bigrams": ${fixtureHints[0]}`);
    expect(answer.citations[0]).toEqual({
      sectionId: "counting",
      title: "Counting bigrams",
      url: "/learn/tiny-llm/01-bigram#counting",
    });
    expect(answer.answer).not.toContain(SOLUTION_MARKER);
  });

  it("climbs the ladder with the conversation", async () => {
    const answer = await askTutor(
      retrievalDeps,
      await request({
        exerciseKey: fixture.exerciseKey,
        messages: [
          { role: "user", content: "help with counting" },
          { role: "assistant", content: `Hint 1 of 3 for "Count the bigrams": ${fixtureHints[0]}` },
          { role: "user", content: "still stuck with counting" },
        ],
      }),
    );
    expect(answer.answer).toContain(`Hint 2 of 3 for "Count the bigrams": ${fixtureHints[1]}`);
  });
});

describe("input, ownership and limits", () => {
  it("refuses bad input with a message that says how to fix it", async () => {
    await expect(prepareTurn(deps, await request({ messages: [] }))).rejects.toThrow(TutorInputError);
    await expect(
      prepareTurn(deps, await request({ messages: [{ role: "user", content: "x".repeat(2_001) }] })),
    ).rejects.toThrow("The question is 2001 characters long; the limit is 2000.");
    await expect(prepareTurn(deps, await request({ courseId: "nope" }))).rejects.toThrow(TutorNotFoundError);
    await expect(prepareTurn(deps, await request({ exerciseKey: "nope" }))).rejects.toThrow(
      /no exercise "nope"/,
    );
  });

  it("explains only the student's own submissions", async () => {
    const owner = await newStudent();
    const submissionId = await addFailedSubmission(handle.db, fixture, owner, "export const x = 1;");
    await expect(prepareTurn(deps, await request({ submissionId }))).rejects.toThrow(
      /You have no submission with this id/,
    );
    const turn = await prepareTurn(retrievalDeps, await request({ userId: owner, submissionId }));
    expect(turn.exercise?.key).toBe(fixture.exerciseKey);
    expect(turn.submission?.failed.map((t) => t.name)).toEqual(["counts every pair in one word"]);
  });

  it("refuses another student's conversation id", async () => {
    fake.behave({ kind: "reply", text: "ok" });
    const first = await askTutor(retrievalDeps, await request());
    await expect(prepareTurn(deps, await request({ conversationId: first.conversationId }))).rejects.toThrow(
      /no tutor conversation with this id/,
    );
  });

  it("enforces the per-minute limit and the daily quota, saying when to ask again", async () => {
    const userId = await newStudent();
    const limits = { perMinute: 2, perDay: 3 };
    const t0 = new Date("2026-05-01T10:00:00Z");
    await takeTutorAllowance(handle.db, userId, limits, t0);
    await takeTutorAllowance(handle.db, userId, limits, new Date(t0.getTime() + 20_000));
    const overMinute = takeTutorAllowance(handle.db, userId, limits, new Date(t0.getTime() + 30_000));
    await expect(overMinute).rejects.toThrow(
      new TutorRateLimitError(
        "You have asked 2 questions in the last minute, the limit. You can ask again in 30 seconds.",
        30,
      ),
    );
    await expect(overMinute).rejects.toMatchObject({ retryAfterSeconds: 30 });
    await takeTutorAllowance(handle.db, userId, limits, new Date(t0.getTime() + 61_000));
    const overDay = takeTutorAllowance(handle.db, userId, limits, new Date(t0.getTime() + 3_600_000));
    await expect(overDay).rejects.toMatchObject({ retryAfterSeconds: 13 * 3600 });
    await expect(overDay).rejects.toThrow(
      /3 questions today, the daily limit\. You can ask again at 00:00 UTC, in 13 h 0 min/,
    );
    // The refused attempts were not counted.
    const rows = await handle.db.select().from(usageEvent).where(eq(usageEvent.userId, userId));
    expect(rows).toHaveLength(3);
  });

  it("counts questions through the service, and the refusal comes before any model call", async () => {
    const env = envFor(fake.url, { TUTOR_RATE_LIMIT_PER_MINUTE: "1" });
    const limited = { ...deps, env, chatModel: createChatModel(env) };
    fake.behave({ kind: "reply", text: "fine" });
    const userId = await newStudent();
    await askTutor(limited, await request({ userId }));
    const before = fake.requests.length;
    await expect(askTutor(limited, await request({ userId }))).rejects.toBeInstanceOf(TutorRateLimitError);
    expect(fake.requests.length).toBe(before);
    const stored = await handle.db.select().from(tutorMessage);
    expect(stored.every((m) => !m.content.includes(SOLUTION_MARKER))).toBe(true);
    expect(fixtureSolution).toContain(SOLUTION_MARKER); // the marker is real
  });
});

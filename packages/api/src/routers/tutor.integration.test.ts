import type { DatabaseHandle } from "@nanoschool/db/client";
import { createTestDatabase } from "@nanoschool/db/testing";
import {
  addStudent,
  type FixtureCourse,
  SOLUTION_MARKER,
  seedFixtureCourse,
} from "@nanoschool/tutor/testing/fixture-course";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../auth/session-user.ts";
import { createContextInner } from "../context.ts";
import { createCaller } from "../root.ts";

// The tutor router through createCaller, on PGlite, in retrieval-only mode (no model in the test env).

const student: SessionUser = { id: "t-s1", name: "Sam", email: "t-s1@example.com", role: "student" };
const other: SessionUser = { id: "t-s2", name: "Kim", email: "t-s2@example.com", role: "student" };
const instructor: SessionUser = { id: "t-i1", name: "Ida", email: "t-i1@example.com", role: "instructor" };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

describe("tutor router", () => {
  let handle: DatabaseHandle;
  let fixture: FixtureCourse;
  beforeAll(async () => {
    handle = await createTestDatabase();
    fixture = await seedFixtureCourse(handle.db);
    for (const u of [student, other]) await addStudent(handle.db, u.id);
    await addStudent(handle.db, instructor.id, "instructor");
  });
  afterAll(() => handle?.close());
  const caller = (u: SessionUser | null) => createCaller(createContextInner({ db: handle.db, user: u }));

  it("answers a signed-in student, stores the conversation and lets only them read it", async () => {
    const answer = await caller(student).tutor.ask({
      courseId: fixture.courseId,
      exerciseId: fixture.exerciseKey,
      messages: [{ role: "user", content: "How do I count bigrams?" }],
    });
    expect(answer.mode).toBe("retrieval");
    expect(answer.citations[0]?.url).toBe("/learn/tiny-llm/01-bigram#counting");
    expect(answer.answer).not.toContain(SOLUTION_MARKER);

    const list = await caller(student).tutor.conversations({ courseId: fixture.courseId });
    expect(list.map((c) => c.id)).toEqual([answer.conversationId]);
    const read = await caller(student).tutor.conversation({ id: answer.conversationId });
    expect(read.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(await codeOf(caller(other).tutor.conversation({ id: answer.conversationId }))).toBe("NOT_FOUND");
    expect(await caller(other).tutor.conversations()).toEqual([]);
  });

  it("lets instructors, and only them, read the course's conversations", async () => {
    const list = await caller(instructor).tutor.courseConversations({ courseId: fixture.courseId });
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]?.studentId).toBe(student.id);
    const one = await caller(instructor).tutor.courseConversation({
      courseId: fixture.courseId,
      id: list[0]!.id,
    });
    expect(one.messages).toHaveLength(2);
    expect(await codeOf(caller(student).tutor.courseConversations({ courseId: fixture.courseId }))).toBe(
      "FORBIDDEN",
    );
  });

  it("maps the tutor's errors to tRPC codes", async () => {
    expect(
      await codeOf(caller(null).tutor.ask({ courseId: "x", messages: [{ role: "user", content: "hi" }] })),
    ).toBe("UNAUTHORIZED");
    expect(
      await codeOf(
        caller(student).tutor.ask({
          courseId: fixture.courseId,
          messages: [{ role: "assistant", content: "hi" }],
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        caller(student).tutor.ask({
          courseId: "no-such-course",
          messages: [{ role: "user", content: "hi" }],
        }),
      ),
    ).toBe("NOT_FOUND");
  });
});

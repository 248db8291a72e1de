import { exerciseSecret, usageEvent } from "@nanoschool/db/schema";
import { gradeCode } from "@nanoschool/grading/grade";
import { type GradingQueue, openQueue } from "@nanoschool/grading/queue";
import type { ExerciseRunner } from "@nanoschool/grading/types";
import { type GradingWorker, startGradingWorker } from "@nanoschool/grading/worker";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../auth/session-user.ts";
import { MAX_CODE_BYTES } from "../learn/code-size.ts";
import { SUBMISSIONS_PER_MINUTE } from "../learn/submission-rate-limit.ts";
import type { GradingServices } from "../learn/submissions.ts";
import {
  fixtureCourseId as courseId,
  createLearnFixture,
  type LearnFixture,
  secretMarker,
} from "../learn/test-fixture.ts";
import { appRouter } from "../root.ts";

// Submissions end to end: the router queues through packages/grading's submitForGrading, a real grading
// worker (in this process, on the same PGlite) grades against the hidden tests, and the student reads
// the result back. Then every student-facing procedure's output is searched for the fixture course's
// secrets.

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    return { code: `not a TRPCError: ${String(error)}`, message: "" };
  }
  return { code: "OK", message: "" };
}

const exerciseKey = "01-counting/add";
// A student's passing code, written differently from the reference solution so that the secret
// search below can look for the solution's text.
const passingCode = "export function add(a: number, b: number): number {\n  return b + a;\n}\n";
// Wrong for every input (a wrong formula could be right by chance on the probes' random inputs).
const failingCode = 'export function add(a: number, b: number): number {\n  throw new Error("not yet");\n}\n';

const runner: ExerciseRunner = (request) =>
  gradeCode(request.exercise, request.code, {
    hidden: request.include.hidden,
    seed: request.seed,
    dependencies: request.dependencies,
  });

let f: LearnFixture;
let queue: GradingQueue;
let worker: GradingWorker;
let grading: GradingServices;
const carol: SessionUser = { id: "carol", name: "Carol", email: "carol@example.test", role: "student" };

beforeAll(async () => {
  f = await createLearnFixture();
  queue = await openQueue(f.handle, { superviseIntervalSeconds: 1 });
  worker = await startGradingWorker({ handle: f.handle, queue, runner, concurrency: 1 });
  grading = { handle: f.handle, queue };
  const { user } = await import("@nanoschool/db/schema");
  await f.handle.db.insert(user).values(carol);
});

afterAll(async () => {
  await worker?.stop({ timeoutMs: 5_000 });
  await queue?.close({ graceful: false });
  await f?.close();
});

async function finished(caller: ReturnType<LearnFixture["caller"]>, id: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await caller.submissions.status({ id });
    if (status.finished) return status;
    if (Date.now() > deadline) throw new Error(`submission ${id} still ${status.status} after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let failedId = "";
let passedId = "";

describe("submissions", () => {
  it("grades a failing then a passing submission, and the score and history follow", {
    timeout: 150_000,
  }, async () => {
    const ada = f.caller(f.students.ada, grading);
    const first = await ada.submissions.submit({ courseId, exerciseKey, code: failingCode });
    expect(first.status).toBe("queued");
    failedId = first.submissionId;
    const failed = await finished(ada, failedId);
    expect(failed).toMatchObject({ status: "failed", maxScore: 10, exerciseKey });
    expect(failed.score).toBe(0);
    expect(failed).not.toHaveProperty("code");
    const hidden = failed.tests.filter((t) => t.visibility === "hidden");
    expect(hidden.map((t) => t.name).sort()).toEqual(["adds two numbers", "adds zero"]);
    const wrong = hidden.find((t) => t.name === "adds two numbers")!;
    expect(wrong).toEqual({
      name: "adds two numbers",
      visibility: "hidden",
      status: expect.stringMatching(/^(failed|error)$/),
      message: "Check adds two numbers.",
      weight: 1,
    });
    expect(failed.tests.find((t) => t.visibility === "visible")).toMatchObject({ name: "adds 1 and 2" });

    let [tiny] = await ada.catalog.list();
    expect(tiny!.chapters[0]!.progress).toMatchObject({ exercisesPassed: 0 });

    passedId = (await ada.submissions.submit({ courseId, exerciseKey, code: passingCode })).submissionId;
    expect(await finished(ada, passedId)).toMatchObject({ status: "passed", score: 10 });

    [tiny] = await ada.catalog.list();
    expect(tiny!.chapters[0]!.progress).toMatchObject({ exercisesPassed: 1, score: 10, maxScore: 20 });
    const page = await ada.learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(page.exercises.find((e) => e.key === exerciseKey)).toMatchObject({ passed: true, bestScore: 10 });

    const history = await ada.submissions.list({ courseId, exerciseKey });
    expect(history.map((s) => [s.id, s.status, s.code])).toEqual([
      [passedId, "passed", passingCode],
      [failedId, "failed", failingCode],
    ]);
    expect((await ada.submissions.get({ id: failedId })).code).toBe(failingCode);
  });

  it("never shows a student another student's submission: NOT_FOUND, as for an id that does not exist", async () => {
    const bob = f.caller(f.students.bob, grading);
    const other = await failure(bob.submissions.get({ id: failedId }));
    const none = await failure(bob.submissions.get({ id: "00000000-0000-4000-8000-000000000000" }));
    expect(other.code).toBe("NOT_FOUND");
    expect(other).toEqual(none);
    expect(await failure(bob.submissions.status({ id: passedId }))).toEqual(none);
    expect(await bob.submissions.list({ courseId, exerciseKey })).toEqual([]);
    // Even an instructor goes through the same door here: these procedures read only one's own.
    const ida: SessionUser = { id: "bob", name: "Ida", email: "ida@example.test", role: "instructor" };
    expect((await failure(f.caller(ida, grading).submissions.get({ id: failedId }))).code).toBe("NOT_FOUND");
  });

  it("refuses bad input with a message, before it counts against the rate limit", async () => {
    const ada = f.caller(f.students.ada, grading);
    const big = await failure(
      ada.submissions.submit({ courseId, exerciseKey, code: "/".repeat(MAX_CODE_BYTES + 2048) }),
    );
    expect(big).toEqual({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^The submission is 102 KB; the limit is 100 KB\./),
    });
    expect((await failure(ada.submissions.submit({ courseId, exerciseKey, code: " \n" }))).code).toBe(
      "BAD_REQUEST",
    );
    const unknown = await failure(
      ada.submissions.submit({ courseId, exerciseKey: "01-counting/nope", code: "x" }),
    );
    expect(unknown).toEqual({
      code: "NOT_FOUND",
      message: expect.stringContaining('no exercise "01-counting/nope"'),
    });
    expect((await failure(ada.submissions.list({ courseId: "nope", exerciseKey }))).code).toBe("NOT_FOUND");
    expect((await failure(ada.submissions.get({ id: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
    expect(
      (await failure(f.caller(null, grading).submissions.submit({ courseId, exerciseKey, code: "x" }))).code,
    ).toBe("UNAUTHORIZED");
    const noQueue = await failure(
      f.caller(f.students.ada).submissions.submit({ courseId, exerciseKey, code: "x" }),
    );
    expect(noQueue).toEqual({
      code: "SERVICE_UNAVAILABLE",
      message: expect.stringContaining("not submitted"),
    });
    const counted = await f.handle.db.select().from(usageEvent).where(eq(usageEvent.userId, "ada"));
    expect(counted).toHaveLength(2); // the two real submissions above
  });
});

describe("secrets: solutions and hidden tests never reach a student", () => {
  // Text that exists only in the fixture's solutions and hidden tests.
  const secrets = [
    secretMarker,
    "probe(",
    "rng.int",
    "return a + b",
    "return 2 * x",
    "add(double(a), double(b))",
  ];

  it("the fixture really holds every secret string server-side (so the search below can fail)", async () => {
    const rows = await f.handle.db.select().from(exerciseSecret);
    const all = rows.map((r) => r.solutionCode + r.hiddenTests).join("\n");
    for (const secret of secrets) expect(all).toContain(secret);
  });

  it("walks every student-facing procedure's output and finds none of them", {
    timeout: 120_000,
  }, async () => {
    const ada = f.caller(f.students.ada, grading);
    const outputs: Record<string, unknown[]> = {};
    const record = async (path: string, value: Promise<unknown>) => {
      outputs[path] = [...(outputs[path] ?? []), await value];
    };
    const exerciseKeys = ["01-counting/add", "01-counting/double", "02-building/sum-doubles"];
    await record("catalog.list", ada.catalog.list());
    await record("catalog.list", f.caller(null).catalog.list());
    await record("catalog.course", ada.catalog.course({ courseId }));
    for (const lessonKey of ["01-counting", "02-building"]) {
      await record("learn.lesson", ada.learn.lesson({ courseId, lessonKey }));
      await record("learn.lesson", f.caller(null).learn.lesson({ courseId, lessonKey }));
    }
    await record(
      "progress.markSectionRead",
      ada.progress.markSectionRead({ courseId, lessonKey: "01-counting", sectionId: "intro" }),
    );
    await record("progress.dashboard", ada.progress.dashboard());
    for (const key of exerciseKeys) {
      await record(
        "savedCode.save",
        ada.savedCode.save({ courseId, key: `exercise:${key}`, code: "// mine" }),
      );
      await record("savedCode.clear", ada.savedCode.clear({ courseId, key: `exercise:${key}` }));
      for (let index = 0; index < 3; index++) {
        await record("hints.reveal", ada.hints.reveal({ courseId, exerciseKey: key, index }));
      }
      await record("hints.list", ada.hints.list({ courseId, exerciseKey: key }));
      await record("submissions.list", ada.submissions.list({ courseId, exerciseKey: key }));
    }
    const submitted = ada.submissions.submit({
      courseId,
      exerciseKey: "01-counting/double",
      code: "export const double = (x: number) => x + x;",
    });
    await record("submissions.submit", submitted);
    const { submissionId } = await submitted;
    for (const id of [failedId, passedId, submissionId]) {
      await record("submissions.get", ada.submissions.get({ id }));
      await record(
        "submissions.status",
        id === submissionId ? finished(ada, id) : ada.submissions.status({ id }),
      );
    }
    // Lessons again, now with hints taken and results in.
    await record("learn.lesson", ada.learn.lesson({ courseId, lessonKey: "01-counting" }));

    // Every procedure of the student-facing routers was walked: a new one added without a walk fails here.
    const studentRouters = ["catalog", "learn", "progress", "savedCode", "hints", "submissions"];
    const procedures = Object.keys(appRouter._def.procedures).filter((p) =>
      studentRouters.includes(p.split(".")[0]!),
    );
    expect(Object.keys(outputs).sort()).toEqual(procedures.sort());

    for (const [path, values] of Object.entries(outputs)) {
      const text = JSON.stringify(values);
      for (const secret of secrets) {
        expect(text.includes(secret), `${path} output contains ${JSON.stringify(secret)}`).toBe(false);
      }
    }
    // And the walk did see real content: hint texts, graded hidden-test names and their messages.
    const everything = JSON.stringify(outputs);
    expect(everything).toContain("It is one line of arithmetic.");
    expect(everything).toContain("Check adds two numbers.");
  });
});

// Last, so the jobs it queues do not hold up the grading the tests above wait for.
describe("rate limit", () => {
  it(`allows ${SUBMISSIONS_PER_MINUTE} submissions a minute, then says when to try again`, async () => {
    const me = f.caller(carol, grading);
    for (let i = 0; i < SUBMISSIONS_PER_MINUTE; i++) {
      await me.submissions.submit({
        courseId,
        exerciseKey: "01-counting/double",
        code: `// try ${i}\n${failingCode}`,
      });
    }
    const limited = await failure(
      me.submissions.submit({ courseId, exerciseKey: "01-counting/double", code: "x" }),
    );
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    const wait = Number(/Try again in (\d+) seconds?/.exec(limited.message)?.[1]);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await me.submissions.list({ courseId, exerciseKey: "01-counting/double" })).toHaveLength(
      SUBMISSIONS_PER_MINUTE,
    );
    // The limit is per student: Bob can still submit.
    const bob = f.caller(f.students.bob, grading);
    expect(
      (await bob.submissions.submit({ courseId, exerciseKey: "01-counting/double", code: failingCode }))
        .status,
    ).toBe("queued");
  });
});

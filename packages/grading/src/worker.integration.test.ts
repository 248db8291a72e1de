import type { DatabaseHandle } from "@nanoschool/db/client";
import { exerciseSecret, submission, submissionTestResult } from "@nanoschool/db/schema";
import { createTestDatabase } from "@nanoschool/db/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRADING_QUEUE, type GradingQueue, openQueue } from "./queue.ts";
import { recordGrade } from "./results.ts";
import { createExerciseRunner, type ExerciseRunnerHandle } from "./runner/index.ts";
import { submitForGrading } from "./submit.ts";
import { insertExercise, insertStudent, readAddFixture } from "./testing.ts";
import { waitForGraded } from "./wait-for.ts";
import { exerciseBrokenReason, type GradingEvent, type GradingWorker, startGradingWorker } from "./worker.ts";

let handle: DatabaseHandle;
let queue: GradingQueue;
let worker: GradingWorker;
let runner: ExerciseRunnerHandle;
let userId: string;
const events: GradingEvent[] = [];
/** The course ids the worker asked data sets for. */
const dataAskedFor: string[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  queue = await openQueue(handle, { retryLimit: 1, retryDelaySeconds: 1, superviseIntervalSeconds: 1 });
  userId = await insertStudent(handle.db);
  runner = createExerciseRunner();
  worker = await startGradingWorker({
    handle,
    queue,
    runner: runner.run,
    concurrency: 2,
    courseData: async (courseId) => {
      dataAskedFor.push(courseId);
      return { names: "emma\nolivia\nava\n" };
    },
    onEvent: (e) => events.push(e),
  });
});

afterAll(async () => {
  await worker.stop();
  await queue.close();
  await runner.close();
  await handle.close();
});

const resultsOf = (id: string) =>
  handle.db
    .select()
    .from(submissionTestResult)
    .where(eq(submissionTestResult.submissionId, id))
    .orderBy(asc(submissionTestResult.position));
const submissionRow = async (id: string) =>
  (await handle.db.select().from(submission).where(eq(submission.id, id)))[0]!;

describe("the grading worker", () => {
  it("grades a correct and a wrong submission with per-test results and a score", async () => {
    const fixture = await readAddFixture();
    const exerciseId = await insertExercise(handle.db, fixture);
    const good = await submitForGrading(handle, queue, { userId, exerciseId, code: fixture.solutionCode });
    const bad = await submitForGrading(handle, queue, {
      userId,
      exerciseId,
      code: "export function add(a: number, b: number): number { return a - b; }",
    });
    await waitForGraded(handle.db, [good.submissionId, bad.submissionId]);

    expect(await submissionRow(good.submissionId)).toMatchObject({
      status: "passed",
      score: 10,
      maxScore: 10,
    });
    const goodResults = await resultsOf(good.submissionId);
    expect(goodResults.map((r) => [r.visibility, r.name, r.status])).toEqual([
      ["visible", "adds 2 and 3", "passed"],
      ["hidden", "adds small integers", "passed"],
      ["hidden", "adds negative and fractional numbers", "passed"],
    ]);

    const badRow = await submissionRow(bad.submissionId);
    expect(badRow).toMatchObject({ status: "failed", score: 0, maxScore: 10, attempts: 1 });
    expect(badRow.finishedAt).not.toBeNull();
    const hidden = (await resultsOf(bad.submissionId)).filter((r) => r.visibility === "hidden");
    // A student sees the author's message for a hidden test, never the probe code or expected values.
    expect(hidden.map((r) => [r.status, r.message])).toEqual([
      ["failed", fixture.tests["adds small integers"]!.message],
      ["failed", fixture.tests["adds negative and fractional numbers"]!.message],
    ]);
  });

  it("gives the code, the visible tests and the probes the course's data sets (loadData)", async () => {
    const fixture = await readAddFixture();
    const solution =
      'export async function countNames(): Promise<number> {\n  return (await loadData("names")).trim().split("\\n").length;\n}\n';
    const exerciseId = await insertExercise(handle.db, {
      ...fixture,
      solutionCode: solution,
      visibleTests:
        'import { expect, test } from "@nanoschool/harness";\nimport { countNames } from "@submission";\n' +
        'test("counts the names", async () => { expect(await countNames()).toBe(3); });\n',
      hiddenTests:
        'import { probe } from "@nanoschool/harness";\nimport { countNames } from "@submission";\n' +
        'probe("counts the names", { run: () => countNames() });\n',
      tests: { "counts the names": { weight: 1, message: "Count every line of the names data set." } },
    });
    const good = await submitForGrading(handle, queue, { userId, exerciseId, code: solution });
    const bad = await submitForGrading(handle, queue, {
      userId,
      exerciseId,
      code: "export async function countNames(): Promise<number> { return 2; }\n",
    });
    await waitForGraded(handle.db, [good.submissionId, bad.submissionId]);
    expect(await submissionRow(good.submissionId)).toMatchObject({ status: "passed", score: 10 });
    expect((await resultsOf(good.submissionId)).map((r) => [r.visibility, r.status])).toEqual([
      ["visible", "passed"],
      ["hidden", "passed"],
    ]);
    expect(await submissionRow(bad.submissionId)).toMatchObject({ status: "failed", score: 0 });
    expect(dataAskedFor.every((id) => id.startsWith("fixture-"))).toBe(true);
    expect(dataAskedFor.length).toBeGreaterThanOrEqual(2);
  });

  it("grades a job delivered twice once: the second delivery writes nothing", async () => {
    const fixture = await readAddFixture();
    const exerciseId = await insertExercise(handle.db, fixture);
    const { submissionId } = await submitForGrading(handle, queue, {
      userId,
      exerciseId,
      code: fixture.solutionCode,
    });
    await waitForGraded(handle.db, [submissionId]);
    const before = await resultsOf(submissionId);

    await queue.boss.send(GRADING_QUEUE, { submissionId });
    const deadline = Date.now() + 20_000;
    while (!events.some((e) => e.kind === "skipped" && e.submissionId === submissionId)) {
      if (Date.now() > deadline) throw new Error("the second delivery was never taken");
      await new Promise((r) => setTimeout(r, 50));
    }
    const after = await resultsOf(submissionId);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect((await submissionRow(submissionId)).attempts).toBe(1);

    // And a late writer (an attempt whose claim had expired) cannot replace the recorded grade.
    const late = await recordGrade(handle.db, submissionId, {
      status: "failed",
      score: 0,
      maxScore: 10,
      durationMs: 1,
      tests: [],
    });
    expect(late).toBe(false);
    expect(await submissionRow(submissionId)).toMatchObject({ status: "passed", score: 10 });
  });

  it("ends a submission that cannot be graded in 'error' with a reason, through the dead-letter queue", async () => {
    const fixture = await readAddFixture();
    const exerciseId = await insertExercise(handle.db, fixture);
    // The hidden tests went missing: every attempt fails, as with a database or sandbox outage.
    await handle.db.delete(exerciseSecret).where(eq(exerciseSecret.exerciseId, exerciseId));
    const { submissionId } = await submitForGrading(handle, queue, {
      userId,
      exerciseId,
      code: fixture.solutionCode,
    });
    await waitForGraded(handle.db, [submissionId], 60_000);
    const row = await submissionRow(submissionId);
    expect(row.status).toBe("error");
    expect(row.errorReason).toMatch(/Grading stopped after 2 attempts/);
    expect(row.attempts).toBe(2);
    expect(await resultsOf(submissionId)).toEqual([]);
  });

  it("ends a submission to a broken exercise in 'error' at once, saying it is not the student's fault", async () => {
    const fixture = await readAddFixture();
    const broken = {
      ...fixture,
      solutionCode: "export function add(): number { throw new Error('broken'); }",
    };
    const exerciseId = await insertExercise(handle.db, broken);
    const { submissionId } = await submitForGrading(handle, queue, {
      userId,
      exerciseId,
      code: fixture.solutionCode,
    });
    await waitForGraded(handle.db, [submissionId], 60_000);
    const row = await submissionRow(submissionId);
    expect(row).toMatchObject({ status: "error", errorReason: exerciseBrokenReason, attempts: 1 });
  });
});

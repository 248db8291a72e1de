// A grader killed with SIGKILL in the middle of a job loses nothing: the job's claim goes stale (no
// heartbeat), pg-boss makes it available again, and the next grader grades it, once.
import { submission, submissionTestResult } from "@nanoschool/db/schema";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openQueue } from "./queue.ts";
import { submitForGrading } from "./submit.ts";
import { spawnGrader } from "./testing/grader-children.ts";
import { insertExercise, insertStudent, openSharedTestDatabase, readAddFixture } from "./testing.ts";

const shared = await openSharedTestDatabase();
afterAll(() => shared.close());

describe("a grader killed mid-job", () => {
  it("leaves the job to the next grader, which grades every submission exactly once", async () => {
    const fixture = await readAddFixture();
    const queue = await openQueue(shared.handle);
    const exerciseId = await insertExercise(shared.handle.db, fixture);
    const userId = await insertStudent(shared.handle.db);
    const wrong = "export function add(a: number, b: number): number { return a * b; }";
    const expected = new Map<string, string>();
    // Jobs are taken in creation order, so the first grader starts on this one, which runs until its
    // 2 s time limit: the kill is sure to land mid-job however fast the machine.
    const endless = "export function add(a: number, b: number): number { while (true) {} }";
    const first0 = await submitForGrading(shared.handle, queue, { userId, exerciseId, code: endless });
    expected.set(first0.submissionId, "failed");
    for (let i = 0; i < 5; i++) {
      const code = i % 2 === 0 ? fixture.solutionCode : wrong;
      const { submissionId } = await submitForGrading(shared.handle, queue, { userId, exerciseId, code });
      expected.set(submissionId, i % 2 === 0 ? "passed" : "failed");
    }
    await queue.close();
    await shared.release();

    const first = spawnGrader(shared.target, 1);
    const started = await first.waitFor((e) => e.kind === "started");
    first.process.kill("SIGKILL");
    await first.exited;
    const killedId = started.submissionId!;
    expect(killedId).toBe(first0.submissionId);
    const writtenByFirst = first.events.filter((e) => e.kind === "graded" && e.written).length;

    const second = spawnGrader(shared.target, 2, expected.size);
    expect(await second.exited).toBe(0);
    const handle = await shared.reopen();

    expect(second.events.some((e) => e.kind === "started" && e.submissionId === killedId)).toBe(true);
    const writtenBySecond = second.events.filter((e) => e.kind === "graded" && e.written).length;
    expect(writtenByFirst + writtenBySecond).toBe(expected.size);

    const rows = await handle.db.select().from(submission);
    expect(new Map(rows.map((r) => [r.id, r.status]))).toEqual(expected);
    expect(rows.find((r) => r.id === killedId)!.attempts).toBe(2);
    for (const row of rows) {
      const results = await handle.db
        .select({ position: submissionTestResult.position })
        .from(submissionTestResult)
        .where(eq(submissionTestResult.submissionId, row.id));
      expect(results.map((r) => r.position).sort()).toEqual([0, 1, 2]);
    }
  }, 180_000);
});

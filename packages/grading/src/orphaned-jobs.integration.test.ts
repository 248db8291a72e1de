import type { DatabaseHandle } from "@nanoschool/db/client";
import { createTestDatabase } from "@nanoschool/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseOrphanedJobs } from "./orphaned-jobs.ts";
import { GRADING_QUEUE, type GradingQueue, openQueue } from "./queue.ts";
import { claimSubmission } from "./results.ts";
import { submitForGrading } from "./submit.ts";
import { insertExercise, insertStudent, readAddFixture } from "./testing.ts";

let handle: DatabaseHandle;
let queue: GradingQueue;
beforeAll(async () => {
  handle = await createTestDatabase();
  queue = await openQueue(handle, { retryDelaySeconds: 1 });
});
afterAll(async () => {
  await queue.close();
  await handle.close();
});

describe("releaseOrphanedJobs", () => {
  it("fails at once the job of a submission a dead process left running (PGlite only)", async () => {
    const fixture = await readAddFixture();
    const exerciseId = await insertExercise(handle.db, fixture);
    const userId = await insertStudent(handle.db);
    const { submissionId, jobId } = await submitForGrading(handle, queue, {
      userId,
      exerciseId,
      code: fixture.solutionCode,
    });
    // A grader took the job and started grading, then died: the job is active, the submission running.
    const [taken] = await queue.boss.fetch(GRADING_QUEUE);
    expect(taken?.id).toBe(jobId);
    expect(await claimSubmission(handle.db, submissionId)).toBeDefined();

    const released = await releaseOrphanedJobs(handle, queue);
    const [job] = await queue.boss.findJobs(GRADING_QUEUE, { id: jobId });
    if (handle.kind === "pglite") {
      expect(released).toBe(1);
      expect(job?.state).toBe("retry");
      // Once per database: a later worker in the same process leaves running jobs alone.
      expect(await releaseOrphanedJobs(handle, queue)).toBe(0);
    } else {
      // On Postgres another grader may be alive and grading it: only its heartbeat can tell.
      expect(released).toBe(0);
      expect(job?.state).toBe("active");
    }
  });
});

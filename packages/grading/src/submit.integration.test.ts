import type { DatabaseHandle } from "@nanoschool/db/client";
import { submission } from "@nanoschool/db/schema";
import { createTestDatabase } from "@nanoschool/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExerciseNotFoundError, InvalidSubmissionError } from "./errors.ts";
import { GRADING_QUEUE, type GradingQueue, openQueue } from "./queue.ts";
import { submitForGrading } from "./submit.ts";
import { insertExercise, insertStudent, readAddFixture } from "./testing.ts";

let handle: DatabaseHandle;
let queue: GradingQueue;
let exerciseId: string;
let userId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  queue = await openQueue(handle);
  exerciseId = await insertExercise(handle.db, await readAddFixture());
  userId = await insertStudent(handle.db);
});

afterAll(async () => {
  await queue.close({ graceful: false });
  await handle.close();
});

const jobsFor = async (submissionId: string) =>
  (await queue.boss.findJobs<{ submissionId: string }>(GRADING_QUEUE)).filter(
    (j) => j.data.submissionId === submissionId,
  );

describe("submitForGrading", () => {
  it("writes a queued submission with a seed and its job", async () => {
    const { submissionId, jobId } = await submitForGrading(handle, queue, { userId, exerciseId, code: "x" });
    const [row] = await handle.db.select().from(submission).where(eq(submission.id, submissionId));
    expect(row).toMatchObject({ status: "queued", exerciseKey: "00-fixtures/add", jobId, code: "x" });
    expect(Number.isInteger(row!.seed)).toBe(true);
    const jobs = await jobsFor(submissionId);
    expect(jobs.map((j) => j.id)).toEqual([jobId]);
  });

  it("rolls back both the row and the job when the transaction fails after both were written", async () => {
    let written: { submissionId: string; jobId: string } | undefined;
    await expect(
      submitForGrading(
        handle,
        queue,
        { userId, exerciseId, code: "y" },
        {
          beforeCommit: async (w) => {
            written = w;
            throw new Error("crash before commit");
          },
        },
      ),
    ).rejects.toThrow("crash before commit");
    expect(written).toBeDefined();
    const rows = await handle.db.select().from(submission).where(eq(submission.id, written!.submissionId));
    expect(rows).toEqual([]);
    expect(await jobsFor(written!.submissionId)).toEqual([]);
  });

  it("rejects an unknown exercise and empty code with errors a person can act on", async () => {
    await expect(
      submitForGrading(handle, queue, {
        userId,
        exerciseId: "00000000-0000-4000-8000-000000000000",
        code: "x",
      }),
    ).rejects.toBeInstanceOf(ExerciseNotFoundError);
    await expect(
      submitForGrading(handle, queue, { userId, exerciseId, code: "  \n" }),
    ).rejects.toBeInstanceOf(InvalidSubmissionError);
  });
});

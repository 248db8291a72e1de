// Submitting: the submission row (queued) and its grading job are written in one transaction, so a
// crash or an error between the two can never leave a submission nobody grades, or a job for nothing.
import { randomInt, randomUUID } from "node:crypto";
import type { DatabaseHandle } from "@nanoschool/db/client";
import { exercise, submission } from "@nanoschool/db/schema";
import { sql } from "drizzle-orm";
import { type DrizzleTransactionLike, fromDrizzle } from "pg-boss";
import { ExerciseNotFoundError, InvalidSubmissionError } from "./errors.ts";
import { GRADING_QUEUE, type GradingJobData, type GradingQueue } from "./queue.ts";

/** 256 KiB of source is far beyond any exercise; more is a paste accident or an attack on the grader. */
export const MAX_CODE_BYTES = 256 * 1024;

export type SubmitInput = { userId: string; exerciseId: string; code: string };
export type SubmitResult = { submissionId: string; jobId: string };

export type SubmitOptions = {
  /** Runs inside the transaction after both writes; a throw here rolls both back (tests use it). */
  beforeCommit?: (written: SubmitResult) => Promise<void>;
};

export async function submitForGrading(
  handle: DatabaseHandle,
  queue: GradingQueue,
  input: SubmitInput,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  if (input.code.trim() === "")
    throw new InvalidSubmissionError("The submission is empty: write your code first.");
  if (Buffer.byteLength(input.code) > MAX_CODE_BYTES) {
    throw new InvalidSubmissionError(
      `The submission is ${Math.ceil(Buffer.byteLength(input.code) / 1024)} KiB; the limit is ${MAX_CODE_BYTES / 1024} KiB.`,
    );
  }
  // Both ids are made here, so the row can name its job before the job exists: two statements in
  // the transaction (the row, the job) instead of four (look up the exercise, insert the row, send the
  // job, store its id on the row). Every statement counts on the embedded PGlite, which runs one at a time.
  const submissionId = randomUUID();
  const jobId = randomUUID();
  return handle.db.transaction(async (tx) => {
    // The exercise's key comes with the insert; no row inserted means no such exercise.
    const result = (await tx.execute(sql`
      insert into ${submission} (id, user_id, exercise_id, exercise_key, code, status, seed, job_id)
      select ${submissionId}::uuid, ${input.userId}, ${exercise.id}, ${exercise.key}, ${input.code},
             'queued', ${randomInt(0, 2 ** 31 - 1)}, ${jobId}
        from ${exercise}
       where ${exercise.id} = ${input.exerciseId}
      returning id`)) as unknown as { rows: { id: string }[] };
    if (result.rows.length === 0)
      throw new ExerciseNotFoundError(`There is no exercise with id ${input.exerciseId}.`);
    const data: GradingJobData = { submissionId };
    const sent = await queue.boss.send(GRADING_QUEUE, data, {
      id: jobId,
      db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql),
    });
    if (sent !== jobId) throw new Error("The grading queue refused the job.");
    const written = { submissionId, jobId };
    await options.beforeCommit?.(written);
    return written;
  });
}

// Submitting: the submission row (queued) and its grading job are written in one transaction, so a
// crash or an error between the two can never leave a submission nobody grades, or a job for nothing.
import { randomInt } from "node:crypto";
import type { DatabaseHandle } from "@nanoschool/db/client";
import { exercise, submission } from "@nanoschool/db/schema";
import { eq, sql } from "drizzle-orm";
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
  return handle.db.transaction(async (tx) => {
    const [target] = await tx
      .select({ key: exercise.key })
      .from(exercise)
      .where(eq(exercise.id, input.exerciseId));
    if (!target) throw new ExerciseNotFoundError(`There is no exercise with id ${input.exerciseId}.`);
    const [row] = await tx
      .insert(submission)
      .values({
        userId: input.userId,
        exerciseId: input.exerciseId,
        exerciseKey: target.key,
        code: input.code,
        status: "queued",
        seed: randomInt(0, 2 ** 31 - 1),
      })
      .returning({ id: submission.id });
    const data: GradingJobData = { submissionId: row!.id };
    const jobId = await queue.boss.send(GRADING_QUEUE, data, {
      db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql),
    });
    if (!jobId) throw new Error("The grading queue refused the job.");
    await tx.update(submission).set({ jobId }).where(eq(submission.id, row!.id));
    const written = { submissionId: row!.id, jobId };
    await options.beforeCommit?.(written);
    return written;
  });
}

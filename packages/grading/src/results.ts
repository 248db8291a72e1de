// Writing a grade. A job can run twice (a worker that died after writing, a claim that expired on a
// slow worker), so the write locks the submission row and lands only while the submission is still
// open: whichever attempt finishes first writes the one set of results, a later one changes nothing.
import type { Database } from "@nanoschool/db/client";
import { type SubmissionStatus, submission, submissionTestResult } from "@nanoschool/db/schema";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { GradeReport } from "./types.ts";

const OPEN: SubmissionStatus[] = ["queued", "running"];

export function isFinal(status: SubmissionStatus): boolean {
  return !OPEN.includes(status);
}

/** Marks the submission running and counts the attempt; false when it is already graded (or gone). */
export async function claimSubmission(db: Database, submissionId: string) {
  const [row] = await db
    .update(submission)
    .set({ status: "running", startedAt: sql`now()`, attempts: sql`${submission.attempts} + 1` })
    .where(and(eq(submission.id, submissionId), inArray(submission.status, OPEN)))
    .returning({
      id: submission.id,
      userId: submission.userId,
      exerciseId: submission.exerciseId,
      code: submission.code,
      seed: submission.seed,
    });
  return row;
}

/** Writes the per-test results and the score; returns false when another attempt already had. */
export async function recordGrade(db: Database, submissionId: string, report: GradeReport): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: submission.status })
      .from(submission)
      .where(eq(submission.id, submissionId))
      .for("update");
    if (!current || isFinal(current.status)) return false;
    await tx.delete(submissionTestResult).where(eq(submissionTestResult.submissionId, submissionId));
    if (report.tests.length > 0) {
      await tx.insert(submissionTestResult).values(
        report.tests.map((t, position) => ({
          submissionId,
          position,
          name: t.name,
          visibility: t.visibility,
          status: t.status,
          message: t.message,
          weight: t.weight,
          durationMs: t.durationMs,
        })),
      );
    }
    await tx
      .update(submission)
      .set({
        status: report.status,
        score: report.score,
        maxScore: report.maxScore,
        errorReason: null,
        finishedAt: sql`now()`,
        durationMs: report.durationMs,
      })
      .where(eq(submission.id, submissionId));
    return true;
  });
}

/** Ends an ungraded submission in "error" with a reason the student can read. */
export async function recordGradingError(
  db: Database,
  submissionId: string,
  reason: string,
): Promise<boolean> {
  const rows = await db
    .update(submission)
    .set({ status: "error", errorReason: reason, finishedAt: sql`now()` })
    .where(and(eq(submission.id, submissionId), inArray(submission.status, OPEN)))
    .returning({ id: submission.id });
  return rows.length > 0;
}

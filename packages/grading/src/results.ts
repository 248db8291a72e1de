// Writing a grade. A job can run twice (a worker that died after writing, a claim that expired on a
// slow worker), so the write locks the submission row and lands only while the submission is still
// open: whichever attempt finishes first writes the one set of results, a later one changes nothing.
import { type Database, queryRows } from "@nanoschool/db/client";
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

/**
 * Writes the per-test results and the score; returns false when another attempt already had.
 * One statement, so one round trip: the update takes the row lock and lands only while the submission
 * is open (a concurrent attempt waits for the lock, then finds it final and changes nothing); the
 * results go in only if it landed, replacing any a crashed attempt could have left.
 */
export async function recordGrade(db: Database, submissionId: string, report: GradeReport): Promise<boolean> {
  const tests = JSON.stringify(
    report.tests.map((t, position) => ({
      position,
      name: t.name,
      visibility: t.visibility,
      status: t.status,
      message: t.message,
      weight: t.weight,
      duration_ms: Math.round(t.durationMs),
    })),
  );
  const rows = await queryRows<{ written: number }>(
    db,
    sql`with graded as (
      update ${submission}
         set status = ${report.status}::submission_status, score = ${report.score},
             max_score = ${report.maxScore}, error_reason = null, finished_at = now(),
             duration_ms = ${Math.round(report.durationMs)}
       where id = ${submissionId} and status in ('queued', 'running')
       returning id
    ), cleared as (
      delete from ${submissionTestResult}
       where submission_id in (select id from graded)
    ), results as (
      insert into ${submissionTestResult}
        (submission_id, position, name, visibility, status, message, weight, duration_ms)
      select graded.id, t.position, t.name, t.visibility::test_visibility, t.status::test_status,
             t.message, t.weight, t.duration_ms
        from graded,
             jsonb_to_recordset(${tests}::jsonb) as t(position int, name text, visibility text,
               status text, message text, weight real, duration_ms int)
      returning 1
    )
    select count(*)::int as written from graded`,
  );
  return (rows[0]?.written ?? 0) > 0;
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

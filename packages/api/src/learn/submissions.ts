// Submitting code for grading and reading one's own submissions back. A student only ever sees their
// own submissions: another student's id answers exactly like an id that does not exist.
import type { Database, DatabaseHandle } from "@nanoschool/db/client";
import { courseVersion, exercise, submission, submissionTestResult } from "@nanoschool/db/schema";
import type { GradingQueue } from "@nanoschool/grading/queue";
import { submitForGrading } from "@nanoschool/grading/submit";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { assertCodeSize } from "./code-size.ts";
import { GradingUnavailableError, LearnBadInputError, LearnNotFoundError } from "./errors.ts";
import { findPublishedExercise } from "./published.ts";
import { takeSubmissionAllowance } from "./submission-rate-limit.ts";

/** What the server needs to queue a grading job: the database handle and the pg-boss queue on it. */
export type GradingServices = { handle: DatabaseHandle; queue: GradingQueue };

/** How many past attempts `listSubmissions` returns, newest first. */
export const SUBMISSION_HISTORY_LIMIT = 50;

export async function submitCode(
  db: Database,
  grading: GradingServices | undefined,
  userId: string,
  input: { courseId: string; exerciseKey: string; code: string },
): Promise<{ submissionId: string; status: "queued" }> {
  // Cheap checks first, so bad input never uses up a student's allowance.
  assertCodeSize(input.code, "submission");
  if (input.code.trim() === "")
    throw new LearnBadInputError("The submission is empty: write your code first.");
  const { exercise: target } = await findPublishedExercise(db, input.courseId, input.exerciseKey);
  if (!grading) {
    throw new GradingUnavailableError(
      "Grading is not available on this server right now, so your code was not submitted. Your edits are " +
        "saved; try again in a minute, and tell your instructor if it keeps happening.",
    );
  }
  await takeSubmissionAllowance(db, userId);
  const { submissionId } = await submitForGrading(grading.handle, grading.queue, {
    userId,
    exerciseId: target.id,
    code: input.code,
  });
  return { submissionId, status: "queued" };
}

const summaryColumns = {
  id: submission.id,
  exerciseKey: submission.exerciseKey,
  status: submission.status,
  score: submission.score,
  maxScore: submission.maxScore,
  errorReason: submission.errorReason,
  createdAt: submission.createdAt,
  finishedAt: submission.finishedAt,
};

export type SubmissionTest = {
  name: string;
  visibility: "visible" | "hidden";
  status: "passed" | "failed" | "error" | "timeout" | "memory";
  /** For hidden tests, only the message the exercise's author wrote for a failure. */
  message: string;
  weight: number;
};

async function testsFor(db: Database, ids: string[]): Promise<Map<string, SubmissionTest[]>> {
  const byId = new Map<string, SubmissionTest[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byId;
  // The grader stores for hidden tests only name, status and the author's message; this selection
  // never reads anything else either.
  const rows = await db
    .select({
      submissionId: submissionTestResult.submissionId,
      name: submissionTestResult.name,
      visibility: submissionTestResult.visibility,
      status: submissionTestResult.status,
      message: submissionTestResult.message,
      weight: submissionTestResult.weight,
    })
    .from(submissionTestResult)
    .where(inArray(submissionTestResult.submissionId, ids))
    .orderBy(asc(submissionTestResult.position));
  for (const { submissionId, ...test } of rows) byId.get(submissionId)?.push(test);
  return byId;
}

const isFinished = (status: string) => status !== "queued" && status !== "running";

/** The student's own submission with its code and per-test results. */
export async function getSubmission(db: Database, userId: string, id: string) {
  const [row] = await db
    .select({ ...summaryColumns, code: submission.code })
    .from(submission)
    .where(and(eq(submission.id, id), eq(submission.userId, userId)));
  if (!row) {
    throw new LearnNotFoundError(
      "There is no submission with this id among yours. Open the exercise to see your submissions.",
    );
  }
  const tests = (await testsFor(db, [id])).get(id) ?? [];
  return { ...row, finished: isFinished(row.status), tests };
}

/** For polling while grading runs: the status, and the results once there are any (not the code). */
export async function submissionStatus(db: Database, userId: string, id: string) {
  const { code: _code, ...status } = await getSubmission(db, userId, id);
  return status;
}

export async function listSubmissions(
  db: Database,
  userId: string,
  input: { courseId: string; exerciseKey: string },
) {
  // Known exercise of a published course, else a 404 the page can show.
  await findPublishedExercise(db, input.courseId, input.exerciseKey);
  const rows = await db
    .select({ ...summaryColumns, code: submission.code })
    .from(submission)
    .innerJoin(exercise, eq(exercise.id, submission.exerciseId))
    .innerJoin(courseVersion, eq(courseVersion.id, exercise.courseVersionId))
    .where(
      and(
        eq(submission.userId, userId),
        eq(submission.exerciseKey, input.exerciseKey),
        eq(courseVersion.courseId, input.courseId),
      ),
    )
    .orderBy(desc(submission.createdAt), desc(submission.id))
    .limit(SUBMISSION_HISTORY_LIMIT);
  const tests = await testsFor(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, finished: isFinished(r.status), tests: tests.get(r.id) ?? [] }));
}

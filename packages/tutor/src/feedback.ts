import type { Database } from "@nanoschool/db/client";
import { savedCode, submission, submissionTestResult } from "@nanoschool/db/schema";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { TutorNotFoundError } from "./errors.ts";
import type { FailedTest } from "./prompt.ts";

// The student's graded work as the tutor may see it: their code, the status, and for each test that
// did not pass its name and its message. For hidden tests that message is the author-written one from
// exercise.yaml (the grader stores nothing else), so no probe code, input or expected value gets here.

export type SubmissionResult = {
  submissionId: string;
  exerciseId: string;
  exerciseKey: string;
  code: string;
  status: string;
  score: number | null;
  maxScore: number | null;
  failed: FailedTest[];
};

async function failedTests(db: Database, submissionId: string): Promise<FailedTest[]> {
  const rows = await db
    .select({
      name: submissionTestResult.name,
      visibility: submissionTestResult.visibility,
      status: submissionTestResult.status,
      message: submissionTestResult.message,
    })
    .from(submissionTestResult)
    .where(
      and(
        eq(submissionTestResult.submissionId, submissionId),
        inArray(submissionTestResult.status, ["failed", "error", "timeout", "memory"]),
      ),
    )
    .orderBy(asc(submissionTestResult.position));
  return rows;
}

const submissionColumns = {
  id: submission.id,
  userId: submission.userId,
  exerciseId: submission.exerciseId,
  exerciseKey: submission.exerciseKey,
  code: submission.code,
  status: submission.status,
  score: submission.score,
  maxScore: submission.maxScore,
  errorReason: submission.errorReason,
};

type SubmissionRow = { [K in keyof typeof submissionColumns]: unknown } & {
  id: string;
  exerciseId: string;
  exerciseKey: string;
  code: string;
  status: string;
  score: number | null;
  maxScore: number | null;
  errorReason: string | null;
};

async function toResult(db: Database, row: SubmissionRow): Promise<SubmissionResult> {
  const failed = await failedTests(db, row.id);
  if (row.status === "error" && row.errorReason) {
    failed.push({ name: "grading", visibility: "visible", status: "error", message: row.errorReason });
  }
  return {
    submissionId: row.id,
    exerciseId: row.exerciseId,
    exerciseKey: row.exerciseKey,
    code: row.code,
    status: row.status,
    score: row.score,
    maxScore: row.maxScore,
    failed,
  };
}

/** A submission of the student's own; someone else's is reported as not found, like a missing one. */
export async function loadOwnSubmission(
  db: Database,
  userId: string,
  submissionId: string,
): Promise<SubmissionResult> {
  const [row] = await db
    .select(submissionColumns)
    .from(submission)
    .where(and(eq(submission.id, submissionId), eq(submission.userId, userId)));
  if (!row) {
    throw new TutorNotFoundError(
      "You have no submission with this id. Attach one of your own graded submissions (its id is on the exercise page).",
    );
  }
  return toResult(db, row as SubmissionRow);
}

/** The student's latest graded submission for an exercise, if any. */
export async function latestSubmission(
  db: Database,
  userId: string,
  exerciseKey: string,
): Promise<SubmissionResult | null> {
  const [row] = await db
    .select(submissionColumns)
    .from(submission)
    .where(
      and(
        eq(submission.userId, userId),
        eq(submission.exerciseKey, exerciseKey),
        inArray(submission.status, ["passed", "failed", "error"]),
      ),
    )
    .orderBy(desc(submission.createdAt))
    .limit(1);
  return row ? toResult(db, row as SubmissionRow) : null;
}

/** The code the student last saved in the exercise's editor, if any. */
export async function savedExerciseCode(
  db: Database,
  userId: string,
  courseId: string,
  exerciseKey: string,
): Promise<string | null> {
  const [row] = await db
    .select({ code: savedCode.code })
    .from(savedCode)
    .where(
      and(
        eq(savedCode.userId, userId),
        eq(savedCode.courseId, courseId),
        eq(savedCode.key, `exercise:${exerciseKey}`),
      ),
    );
  return row?.code ?? null;
}

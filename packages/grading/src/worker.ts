// The grading worker: takes jobs off the queue, grades each submission in the sandbox and records the
// result. It runs inside the web process on the embedded default and in apps/grader on Postgres.
import type { DatabaseHandle } from "@nanoschool/db/client";
import type { Job, JobResult, JobWithMetadata } from "pg-boss";
import { type CourseDataLoader, courseDataFromFiles } from "./course-data.ts";
import { ExerciseBrokenError } from "./errors.ts";
import { loadGradingWork } from "./load-work.ts";
import { releaseOrphanedJobs } from "./orphaned-jobs.ts";
import { GRADING_DEAD_LETTER_QUEUE, GRADING_QUEUE, type GradingJobData, type GradingQueue } from "./queue.ts";
import { claimSubmission, recordGrade, recordGradingError } from "./results.ts";
import type { ExerciseRunner, GradeReport } from "./types.ts";

export type GradingEvent =
  | { kind: "started"; submissionId: string; attempt: number }
  | { kind: "graded"; submissionId: string; report: GradeReport; written: boolean; timings: StageTimings }
  | { kind: "skipped"; submissionId: string }
  | { kind: "failed"; submissionId: string; error: Error }
  | { kind: "dead-lettered"; submissionId: string };

/** Where one grading's time went, in ms: claiming and loading it, the sandbox, writing the result. */
export type StageTimings = { loadMs: number; sandboxMs: number; writeMs: number };

export type GradingWorkerOptions = {
  handle: DatabaseHandle;
  queue: GradingQueue;
  runner: ExerciseRunner;
  /** Submissions graded at once by this process. */
  concurrency: number;
  /**
   * Jobs fetched per claim (and completed per round trip); above 1 the worker keeps fetching without
   * pause while batches come back full. Default: 1 on Postgres, where graders on several machines share
   * the queue and a batch would sit with one of them; `concurrency` on PGlite, where the one process is
   * the only grader and every queue statement runs in line with the submissions (a batch of 4 saved a
   * quarter of the web process's CPU per grading in `npm run bench -w @nanoschool/grader`).
   */
  batchSize?: number;
  /** Idle poll; a LISTEN/NOTIFY wake-up usually comes first. pg-boss's floor is 0.5 s. */
  pollingIntervalSeconds?: number;
  /** The data sets of a course by its id (default: read from curriculum/<course>/data). */
  courseData?: CourseDataLoader;
  onEvent?: (event: GradingEvent) => void;
};

export type GradingWorker = { stop(options?: { timeoutMs?: number }): Promise<void> };

export function deadLetterReason(attempts: number, deadlineSeconds: number): string {
  return (
    `Grading stopped after ${attempts} attempts that did not finish: the grader crashed or ran past its ` +
    `${deadlineSeconds}-second deadline each time. Code that never returns or uses a lot of memory can ` +
    "cause this; check your code for endless loops, then submit again. If it keeps happening, tell your instructor."
  );
}

export const exerciseBrokenReason =
  "This exercise cannot be graded right now: its own reference solution fails one of its hidden tests. " +
  "This is a mistake on our side, not in your code; your instructor has been told. Try again later.";

export async function startGradingWorker(options: GradingWorkerOptions): Promise<GradingWorker> {
  const { handle, queue, runner, onEvent = () => {} } = options;
  const courseData = options.courseData ?? courseDataFromFiles();
  const { boss } = queue;
  const batchSize = Math.max(1, options.batchSize ?? (handle.kind === "pglite" ? options.concurrency : 1));
  // Slots: with batches, two in hand keep the sandbox busy while one batch finishes; without, one per job.
  const localConcurrency = batchSize > 1 ? Math.min(2, options.concurrency) : options.concurrency;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 0.5;
  // NOTIFY wakes a worker for a new job, not for a retry whose backoff ran out or a job freed from a dead
  // worker, so the poll while NOTIFY is active (30 s by default) is kept as short as the plain one.
  const polling = { pollingIntervalSeconds, notifyPollingIntervalSeconds: pollingIntervalSeconds };

  const gradeOne = async (job: Job<GradingJobData>): Promise<JobResult> => {
    const { submissionId } = job.data;
    const started = performance.now();
    try {
      const row = await claimSubmission(handle.db, submissionId);
      if (!row) {
        // Already graded (an earlier attempt wrote the result and died before completing the job).
        onEvent({ kind: "skipped", submissionId });
        return { id: job.id, status: "completed", output: { skipped: true } };
      }
      onEvent({ kind: "started", submissionId, attempt: job.retryCount + 1 });
      const work = await loadGradingWork(handle.db, row);
      const data = await courseData(work.courseId);
      const loaded = performance.now();
      const report = await runner({
        exercise: work.exercise,
        code: work.code,
        seed: work.seed,
        dependencies: work.dependencies,
        data,
        include: { visible: true, hidden: true },
      });
      const graded = performance.now();
      const written = await recordGrade(handle.db, submissionId, report);
      const timings = {
        loadMs: Math.round(loaded - started),
        sandboxMs: Math.round(graded - loaded),
        writeMs: Math.round(performance.now() - graded),
      };
      onEvent({ kind: "graded", submissionId, report, written, timings });
      return { id: job.id, status: "completed", output: { status: report.status, score: report.score } };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      if (err instanceof ExerciseBrokenError) {
        // Retrying cannot help: the exercise must be fixed by its author. Tell the student so at once.
        await recordGradingError(handle.db, submissionId, exerciseBrokenReason);
        onEvent({ kind: "failed", submissionId, error: err });
        return { id: job.id, status: "completed", output: { error: err.message } };
      }
      // The sandbox or the database failed, not the student's code: let pg-boss retry with backoff.
      onEvent({ kind: "failed", submissionId, error: err });
      return { id: job.id, status: "failed", output: { message: err.message } };
    }
  };

  await releaseOrphanedJobs(handle, queue);
  const gradingWorkId = await boss.work(
    GRADING_QUEUE,
    {
      ...polling,
      // Without these a worker that finishes a job waits out the poll before fetching the next, even
      // with a backlog: NOTIFY only fires for new jobs. Burst: fetch again at once while jobs are ready
      // (the cached ready count, for batchSize 1) or while batches come back full (batchSize above 1).
      burstWhenReadyExceeds: 1,
      burstWhenBatchFull: true,
      batchSize,
      localConcurrency,
      perJobResults: true,
    },
    (jobs: Job<GradingJobData>[]) => Promise.all(jobs.map(gradeOne)),
  );

  const deadWorkId = await boss.work(
    GRADING_DEAD_LETTER_QUEUE,
    { ...polling, includeMetadata: true, batchSize: 1 },
    async (jobs: JobWithMetadata<GradingJobData>[]) => {
      for (const job of jobs) {
        const attempts = (job.sourceRetryCount ?? queue.settings.retryLimit) + 1;
        const reason = deadLetterReason(attempts, queue.settings.expireInSeconds);
        if (await recordGradingError(handle.db, job.data.submissionId, reason)) {
          onEvent({ kind: "dead-lettered", submissionId: job.data.submissionId });
        }
      }
    },
  );

  return {
    async stop({ timeoutMs = 30_000 } = {}) {
      const stopWork = (id: string) =>
        Promise.race([
          boss.offWork(GRADING_QUEUE, { id, wait: true }),
          new Promise((resolve) => setTimeout(resolve, timeoutMs)),
        ]);
      await Promise.all([
        stopWork(gradingWorkId),
        boss.offWork(GRADING_DEAD_LETTER_QUEUE, { id: deadWorkId }),
      ]);
    },
  };
}

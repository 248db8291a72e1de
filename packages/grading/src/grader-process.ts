// One grader: opens the database, starts the queue and the worker. apps/grader runs this as its own
// process on Postgres; tests and the benchmark start it as a child process to kill it mid-job.
import { type DatabaseHandle, openDatabase } from "@nanoschool/db/client";
import { migrateDatabase } from "@nanoschool/db/migrate";
import type { CourseDataLoader } from "./course-data.ts";
import { type GradingQueue, openQueue, type QueueSettings } from "./queue.ts";
import { createExerciseRunner, type SandboxOptions } from "./runner/index.ts";
import { type GradingEvent, type GradingWorker, startGradingWorker } from "./worker.ts";

export type GraderOptions = {
  /** A postgres:// URL, or a PGlite data folder (single process: nothing else may have it open). */
  database: { url: string } | { dataDir: string };
  concurrency: number;
  /** Jobs fetched (and completed) per queue round trip by each grading slot (default 1). */
  batchSize?: number;
  queue?: Partial<QueueSettings>;
  sandbox?: SandboxOptions;
  courseData?: CourseDataLoader;
  onEvent?: (event: GradingEvent) => void;
};

export type Grader = {
  handle: DatabaseHandle;
  queue: GradingQueue;
  worker: GradingWorker;
  /** CPU time (ms) this grader's sandbox children have used, where /proc tells (benchmarks). */
  sandboxCpuMs(): number | undefined;
  /** Finishes the jobs in hand (up to timeoutMs), then closes the queue and the database. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
};

export async function startGrader(options: GraderOptions): Promise<Grader> {
  const handle = await openDatabase(
    "url" in options.database ? { url: options.database.url, maxConnections: 4 } : options.database,
  );
  await migrateDatabase(handle);
  const queue = await openQueue(handle, options.queue);
  // One sandbox child per grading slot keeps every slot busy; each child runs one isolate at a time.
  const runner = createExerciseRunner({ size: Math.max(2, options.concurrency), ...options.sandbox });
  const worker = await startGradingWorker({
    handle,
    queue,
    runner: runner.run,
    concurrency: options.concurrency,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.courseData ? { courseData: options.courseData } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return {
    handle,
    queue,
    worker,
    sandboxCpuMs: () => runner.childCpuMs(),
    async stop({ timeoutMs = 30_000 } = {}) {
      await worker.stop({ timeoutMs });
      await queue.close({ graceful: true, timeoutMs });
      await runner.close();
      await handle.close();
    },
  };
}

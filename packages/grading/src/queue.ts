// The durable grading queue: pg-boss on the same database as everything else, so a submission row and
// its job commit in one transaction. On the embedded default pg-boss runs on the web's PGlite instance
// (single process: the worker must live in that process too); on Postgres it opens its own pool.
import type { DatabaseHandle } from "@nanoschool/db/client";
import { fromPglite, PgBoss } from "pg-boss";

export const GRADING_QUEUE = "grade-submission";
/** Jobs that failed every retry land here; their worker marks the submission "error" with a reason. */
export const GRADING_DEAD_LETTER_QUEUE = "grade-submission-dead";

export type GradingJobData = { submissionId: string };

export type QueueSettings = {
  /** The deadline of one grading attempt; past it pg-boss fails the attempt (and retries). */
  expireInSeconds: number;
  /** Attempts after the first, with exponential backoff from retryDelaySeconds. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A worker refreshes its claim this often (>= 10); a silent claim means a dead worker. */
  heartbeatSeconds: number;
  /**
   * How often pg-boss looks for dead claims and expired jobs (default 2 s on Postgres, 10 s on PGlite).
   * On PGlite the worker lives in the process that holds the database, so a claim cannot outlive its
   * worker (a restart fails orphaned jobs at once, see orphaned-jobs.ts) and only attempt deadlines are
   * left to watch; each look is a locked transaction that PGlite runs in line with the submissions.
   */
  superviseIntervalSeconds: number;
};

const PGLITE_SUPERVISE_INTERVAL_SECONDS = 10;
/** Queue stats (the ready count that lets a busy worker fetch again at once) and queue settings refresh this often at most. */
const MONITOR_INTERVAL_SECONDS = 2;

export const defaultQueueSettings: QueueSettings = {
  expireInSeconds: 120,
  retryLimit: 2,
  retryDelaySeconds: 2,
  heartbeatSeconds: 10,
  superviseIntervalSeconds: 2,
};

export type GradingQueue = {
  boss: PgBoss;
  settings: QueueSettings;
  close(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
};

/** Starts pg-boss on the handle's database (installing its schema once) and creates the two queues. */
export async function openQueue(
  handle: DatabaseHandle,
  settings: Partial<QueueSettings> = {},
): Promise<GradingQueue> {
  const resolved = {
    ...defaultQueueSettings,
    ...(handle.kind === "pglite" ? { superviseIntervalSeconds: PGLITE_SUPERVISE_INTERVAL_SECONDS } : {}),
    ...settings,
  };
  const common = {
    useListenNotify: true, // a new job wakes an idle worker at once instead of at its next poll
    schedule: false,
    superviseIntervalSeconds: resolved.superviseIntervalSeconds,
    // Queue stats (the ready count that lets a busy worker fetch again without waiting) refresh this often.
    monitorIntervalSeconds: Math.min(resolved.superviseIntervalSeconds, MONITOR_INTERVAL_SECONDS),
    queueCacheIntervalSeconds: Math.min(resolved.superviseIntervalSeconds, MONITOR_INTERVAL_SECONDS),
  };
  const boss =
    handle.kind === "pglite"
      ? new PgBoss({ ...common, db: fromPglite(handle.pglite!), backend: "pglite" })
      : new PgBoss({ ...common, connectionString: postgresUrl(handle), max: 4 });
  // pg-boss reports background trouble (a lost connection, a slow query) as events; an unhandled
  // "error" event would end the process.
  boss.on("error", (error) => console.error(`[grading queue] ${error.message}`));
  await boss.start();
  await ensureQueue(boss, GRADING_DEAD_LETTER_QUEUE, resolved, undefined);
  await ensureQueue(boss, GRADING_QUEUE, resolved, GRADING_DEAD_LETTER_QUEUE);
  return {
    boss,
    settings: resolved,
    close: ({ graceful = true, timeoutMs = 10_000 } = {}) =>
      boss.stop({ graceful, timeout: timeoutMs, close: true }),
  };
}

function postgresUrl(handle: DatabaseHandle): string {
  const url = (handle.pool as unknown as { options?: { connectionString?: string } })?.options
    ?.connectionString;
  if (!url)
    throw new Error("The Postgres database handle carries no connection string for the grading queue.");
  return url;
}

async function ensureQueue(boss: PgBoss, name: string, s: QueueSettings, deadLetter: string | undefined) {
  const options = {
    expireInSeconds: s.expireInSeconds,
    retryLimit: s.retryLimit,
    retryDelay: s.retryDelaySeconds,
    retryBackoff: true,
    heartbeatSeconds: s.heartbeatSeconds,
    notify: true,
  };
  if (!(await boss.getQueue(name))) {
    try {
      await boss.createQueue(name, deadLetter ? { ...options, deadLetter } : options);
      return;
    } catch (error) {
      // Another grader starting at the same moment may have created it first.
      if (!(await boss.getQueue(name))) throw error;
    }
  }
  await boss.updateQueue(name, options);
}

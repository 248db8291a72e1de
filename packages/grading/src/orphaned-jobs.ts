// On the embedded default one process holds the PGlite database (its data folder is locked), so when a
// worker starts there, a submission still marked "running" was being graded by a process that died
// (a crash, a SIGKILL). Its job would wait out pg-boss's heartbeat (10 s at least) before a retry;
// failing it at once hands it to the retry path now. Never on Postgres: there other graders are alive.
import type { DatabaseHandle } from "@nanoschool/db/client";
import { submission } from "@nanoschool/db/schema";
import { eq } from "drizzle-orm";
import { GRADING_QUEUE, type GradingQueue } from "./queue.ts";

const released = new WeakSet<object>();

/** Fails the jobs of submissions left running by a dead process; returns how many it failed. */
export async function releaseOrphanedJobs(handle: DatabaseHandle, queue: GradingQueue): Promise<number> {
  if (handle.kind !== "pglite" || !handle.pglite || released.has(handle.pglite)) return 0;
  // Once per database: a second worker in the same process must not fail the first one's jobs.
  released.add(handle.pglite);
  const rows = await handle.db
    .select({ jobId: submission.jobId })
    .from(submission)
    .where(eq(submission.status, "running"));
  const jobIds = rows.flatMap((r) => (r.jobId ? [r.jobId] : []));
  if (jobIds.length === 0) return 0;
  await queue.boss.fail(GRADING_QUEUE, jobIds, {
    reason: "the process grading it stopped (found when the database was opened again)",
  });
  return jobIds.length;
}

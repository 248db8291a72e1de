// The load-and-kill run: a burst of submissions (passing, failing, hostile) from closed-loop clients,
// with one grader killed by SIGKILL part-way and started again. Reports throughput and submit-to-result
// latency, and checks that nothing was lost and nothing was graded twice.
//
// Postgres: the clients run here, the graders are child processes (killing one leaves the others).
// PGlite (the embedded default): one child process holds the database, the worker and the clients, as
// the web process does; killing it is killing the web server, and the restart must pick up the pieces.
import type { DatabaseHandle } from "@nanoschool/db/client";
import { submission, submissionTestResult } from "@nanoschool/db/schema";
import { count } from "drizzle-orm";
import { openQueue } from "../queue.ts";
import { type GraderChild, spawnEmbedded, spawnGrader } from "../testing/grader-children.ts";
import { insertExercise, insertStudent, openSharedTestDatabase, readAddFixture } from "../testing.ts";
import { runClients } from "./clients.ts";
import { percentiles } from "./percentiles.ts";
import { expectedStatusOf, kindOf } from "./submissions-mix.ts";

export type LoadRunOptions = {
  total: number;
  clients: number;
  /** Postgres only: grader processes sharing the queue. */
  graders: number;
  concurrency: number;
  /** Kill a grader once this share of the submissions is in. */
  killAt: number;
  /** A Postgres server to run on (a fresh database is made there); PGlite when absent. */
  databaseUrl?: string | undefined;
  /** Include hostile submissions in the mix (default true). */
  hostile?: boolean;
  log?: (line: string) => void;
};

export type LoadRunReport = {
  database: "pglite" | "postgres";
  submitted: number;
  graded: number;
  lost: number;
  /** Graded to a status other than its code must get, or with other than one set of test results. */
  inconsistent: string[];
  wallSeconds: number;
  throughputPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** The same, leaving out hostile submissions (which run until their time or memory limit by design). */
  latencyWellBehavedMs: { p50: number; p99: number; max: number };
  gradingMs: { p50: number; p99: number; max: number };
  waitMs: { p50: number; p99: number; max: number };
  /** Inside the graders: claiming and loading, the sandbox, writing the result (from their events). */
  stagesMs: Record<"load" | "sandbox" | "write", { p50: number; p99: number; max: number }>;
  killedPid: number | undefined;
  retriedAfterKill: number;
  /**
   * CPU per grading (ms) in the processes that ran to the end (a killed one cannot report): the
   * grading process (web process on PGlite: database, queue, worker and clients; grader on Postgres)
   * and its sandbox children. Undefined where /proc is missing.
   */
  cpuPerGradingMs: { process: number; sandbox: number } | undefined;
};

export async function analyzeRun(handle: DatabaseHandle, total: number) {
  const rows = await handle.db.select().from(submission);
  const resultCounts = await handle.db
    .select({ submissionId: submissionTestResult.submissionId, n: count() })
    .from(submissionTestResult)
    .groupBy(submissionTestResult.submissionId);
  const resultsOf = new Map(resultCounts.map((r) => [r.submissionId, r.n]));
  const graded = rows.filter((r) => r.finishedAt && ["passed", "failed", "error"].includes(r.status));
  const inconsistent: string[] = [];
  for (const row of graded) {
    const expected = expectedStatusOf(row.code);
    if (row.status !== expected) inconsistent.push(`${row.id}: ${row.status}, expected ${expected}`);
    // Visible test + two probes: one set of results is exactly three rows.
    const n = resultsOf.get(row.id) ?? 0;
    if (n !== 3) inconsistent.push(`${row.id}: ${n} test results, expected one set of 3`);
  }
  const latency = (r: (typeof rows)[number]) => r.finishedAt!.getTime() - r.createdAt.getTime();
  const first = Math.min(...rows.map((r) => r.createdAt.getTime()));
  const last = Math.max(...graded.map((r) => r.finishedAt!.getTime()));
  const wallSeconds = (last - first) / 1000;
  return {
    submitted: rows.length,
    graded: graded.length,
    lost: Math.max(0, total - graded.length),
    inconsistent,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    throughputPerSecond: Math.round((graded.length / wallSeconds) * 10) / 10,
    latencyMs: percentiles(graded.map(latency)),
    latencyWellBehavedMs: percentiles(graded.filter((r) => kindOf(r.code) !== "hostile").map(latency)),
    // Time inside the sandbox run alone, and from submit until a worker claimed it.
    gradingMs: percentiles(graded.map((r) => r.durationMs ?? 0)),
    waitMs: percentiles(graded.map((r) => (r.startedAt ? r.startedAt.getTime() - r.createdAt.getTime() : 0))),
    retriedAfterKill: rows.filter((r) => r.attempts > 1).length,
  };
}

function cpuOf(children: GraderChild[]): LoadRunReport["cpuPerGradingMs"] {
  const reports = children.flatMap((c) => c.events.filter((e) => e.kind === "cpu"));
  const graded = reports.reduce((n, e) => n + (e.graded ?? 0), 0);
  if (graded === 0 || reports.some((e) => typeof e.sandboxMs !== "number")) return undefined;
  const sum = (pick: (e: (typeof reports)[number]) => number) => reports.reduce((n, e) => n + pick(e), 0);
  return {
    process: Math.round((sum((e) => e.processMs ?? 0) / graded) * 10) / 10,
    sandbox: Math.round((sum((e) => e.sandboxMs ?? 0) / graded) * 10) / 10,
  };
}

function stagesOf(children: GraderChild[]): LoadRunReport["stagesMs"] {
  const timings = children.flatMap((c) => c.events.flatMap((e) => (e.timings ? [e.timings] : [])));
  return {
    load: percentiles(timings.map((t) => t.loadMs)),
    sandbox: percentiles(timings.map((t) => t.sandboxMs)),
    write: percentiles(timings.map((t) => t.writeMs)),
  };
}

async function setUp(handle: DatabaseHandle) {
  const fixture = await readAddFixture();
  // Hostile code runs until its limit: keep the limit short so the run measures the pipeline.
  const exerciseId = await insertExercise(handle.db, { ...fixture, limits: { timeMs: 1000, memoryMiB: 64 } });
  const userId = await insertStudent(handle.db);
  return { exerciseId, userId };
}

export async function runLoadAndKill(options: LoadRunOptions): Promise<LoadRunReport> {
  const log = options.log ?? (() => {});
  const shared = await openSharedTestDatabase({ url: options.databaseUrl });
  const children: GraderChild[] = [];
  try {
    const { exerciseId, userId } = await setUp(shared.handle);
    let killedPid: number | undefined;
    if (shared.handle.kind === "postgres") {
      const queue = await openQueue(shared.handle);
      for (let i = 0; i < options.graders; i++)
        children.push(spawnGrader(shared.target, options.concurrency));
      await Promise.all(children.map((c) => c.waitFor((e) => e.kind === "ready")));
      log(`${options.graders} graders ready; ${options.clients} clients submitting ${options.total}`);
      const killIndex = Math.floor(options.total * options.killAt);
      await runClients({
        handle: shared.handle,
        queue,
        exerciseId,
        userId,
        total: options.total,
        clients: options.clients,
        hostile: options.hostile ?? true,
        onSubmitted: (index) => {
          if (index !== killIndex) return;
          const victim = children[0]!;
          killedPid = victim.process.pid;
          victim.process.kill("SIGKILL");
          log(`submission ${index}: killed grader ${killedPid} (SIGKILL) and started another`);
          children.push(spawnGrader(shared.target, options.concurrency));
        },
      });
      await queue.close();
      // Graders report their CPU when stopped: stop them before reading the reports.
      for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGTERM");
      await Promise.all(children.map((c) => c.exited));
    } else {
      await shared.release();
      const run = { ...options, exerciseId, userId };
      const first = spawnEmbedded(shared.target, run);
      children.push(first);
      const killAfter = Math.floor(options.total * options.killAt);
      await first.waitFor((e) => e.kind === "graded", 600_000);
      log(`embedded process ready; ${options.clients} clients submitting ${options.total}`);
      if (killAfter >= options.total) {
        const code = await first.exited; // no kill asked for
        if (code !== 0) throw new Error(`the embedded process exited with ${code}`);
        await shared.reopen();
        return {
          database: shared.handle.kind,
          killedPid,
          stagesMs: stagesOf(children),
          cpuPerGradingMs: cpuOf(children),
          ...(await analyzeRun(shared.handle, options.total)),
        };
      }
      await first.waitFor(() => first.events.filter((e) => e.kind === "graded").length >= killAfter, 600_000);
      killedPid = first.process.pid;
      first.process.kill("SIGKILL");
      await first.exited;
      log(
        `after ${killAfter} grades: killed the embedded process ${killedPid} (SIGKILL) and started it again`,
      );
      const second = spawnEmbedded(shared.target, run);
      children.push(second);
      const code = await second.exited;
      if (code !== 0) throw new Error(`the restarted embedded process exited with ${code}`);
      await shared.reopen();
    }
    const analysis = await analyzeRun(shared.handle, options.total);
    return {
      database: shared.handle.kind,
      killedPid,
      stagesMs: stagesOf(children),
      cpuPerGradingMs: cpuOf(children),
      ...analysis,
    };
  } finally {
    for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGTERM");
    await Promise.all(children.map((c) => c.exited));
    await shared.close();
  }
}

/** Why a run fails the benchmark's correctness bar, or an empty list. */
export function loadRunFailures(report: LoadRunReport, total: number): string[] {
  const failures: string[] = [];
  if (report.lost > 0) failures.push(`${report.lost} of ${total} submissions were never graded`);
  if (report.submitted !== total)
    failures.push(`${report.submitted} submissions recorded, expected ${total}`);
  failures.push(...report.inconsistent);
  return failures;
}

// The embedded default as a child process, for the benchmark on PGlite: one process holds the database,
// runs the grading worker and the submitting clients (as the web process would), and exits once the
// database holds `total` graded submissions. Killed and started again, it carries on where it was.
//   node embedded-child.ts <pglite-data-dir> <total> <clients> <concurrency> <exercise-id> <user-id> [no-hostile]
import { submission } from "@nanoschool/db/schema";
import { inArray } from "drizzle-orm";
import { startGrader } from "../grader-process.ts";
import { runClients } from "../load/clients.ts";
import { startCpuReport } from "./cpu-report.ts";

const [dataDir = "", total = "0", clients = "1", concurrency = "2", exerciseId = "", userId = "", mix = ""] =
  process.argv.slice(2);
let cpu: ReturnType<typeof startCpuReport> | undefined;
const grader = await startGrader({
  database: { dataDir },
  concurrency: Number(concurrency),
  // Supervision as the web process has it on PGlite (queue.ts); a killed process's jobs are failed at restart.
  queue: { retryDelaySeconds: 1 },
  onEvent: (event) => {
    if (event.kind === "graded") cpu?.countGraded();
    const line = {
      kind: event.kind,
      submissionId: event.submissionId,
      written: "written" in event && event.written,
      timings: "timings" in event ? event.timings : undefined,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  },
});
cpu = startCpuReport(grader);
process.stdout.write(`${JSON.stringify({ kind: "ready", pid: process.pid })}\n`);
await runClients({
  handle: grader.handle,
  queue: grader.queue,
  exerciseId,
  userId,
  total: Number(total),
  clients: Number(clients),
  hostile: mix !== "no-hostile",
});
// Submissions left in flight by a killed predecessor are graded here too before the process lets go.
for (;;) {
  const done = await grader.handle.db
    .select({ id: submission.id })
    .from(submission)
    .where(inArray(submission.status, ["passed", "failed", "error"]));
  if (done.length >= Number(total)) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stdout.write(`${JSON.stringify(cpu.line())}\n`);
await grader.stop({ timeoutMs: 5_000 });
process.exit(0);

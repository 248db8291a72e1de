// A grader as a child process, for the kill test and the benchmark:
//   node grader-child.ts <postgres-url | pglite-data-dir> <concurrency> [expected-count]
// Prints one JSON line per grading event. With expected-count it exits once that many submissions are
// graded (PGlite: the parent can only read the data folder after this process lets go of it).
import { submission } from "@nanoschool/db/schema";
import { inArray } from "drizzle-orm";
import { startGrader } from "../grader-process.ts";
import { startCpuReport } from "./cpu-report.ts";

const [target = "", concurrencyArg = "2", expectedArg] = process.argv.slice(2);
const database = /^postgres(ql)?:\/\//.test(target) ? { url: target } : { dataDir: target };
let cpu: ReturnType<typeof startCpuReport> | undefined;
const grader = await startGrader({
  database,
  concurrency: Number(concurrencyArg),
  queue: { superviseIntervalSeconds: 1, retryDelaySeconds: 1 },
  onEvent: (event) => {
    if (event.kind === "graded") cpu?.countGraded();
    const line = { ...event, error: "error" in event ? event.error.message : undefined };
    process.stdout.write(`${JSON.stringify({ ...line, report: undefined })}\n`);
  },
});
cpu = startCpuReport(grader);
process.stdout.write(`${JSON.stringify({ kind: "ready", pid: process.pid })}\n`);

if (expectedArg !== undefined) {
  const expected = Number(expectedArg);
  for (;;) {
    const rows = await grader.handle.db
      .select({ id: submission.id })
      .from(submission)
      .where(inArray(submission.status, ["passed", "failed", "error"]));
    if (rows.length >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stdout.write(`${JSON.stringify(cpu.line())}\n`);
  await grader.stop({ timeoutMs: 5_000 });
  process.exit(0);
}
process.on("SIGTERM", () => {
  process.stdout.write(`${JSON.stringify(cpu?.line())}\n`);
  void grader.stop().then(() => process.exit(0));
});

// npm run bench -w @nanoschool/grader [-- --total 500 --clients 20]
// A burst of submissions (passing, failing, hostile) through the whole pipeline, on PGlite and on a real
// Postgres, with one grader killed by SIGKILL part-way and restarted. Prints throughput and submit-to-
// result latency beside the anchor (the same mix graded by calling the sandbox directly), and fails if
// a submission is lost or graded twice with different results.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runDirectAnchor } from "@nanoschool/grading/load/direct-anchor";
import { type LoadRunReport, loadRunFailures, runLoadAndKill } from "@nanoschool/grading/load/load-and-kill";
import { readGraderEnv } from "../src/env.ts";

const { values } = parseArgs({
  options: {
    total: { type: "string", default: "500" },
    clients: { type: "string", default: "20" },
    only: { type: "string" }, // "pglite" or "postgres"
    "no-hostile": { type: "boolean", default: false }, // only passing and failing submissions
    concurrency: { type: "string", default: "2" }, // per grader process
    "kill-at": { type: "string", default: "0.3" }, // share of the run after which a grader is killed; >1: never
  },
});
const total = Number(values.total);
const clients = Number(values.clients);
const hostile = !values["no-hostile"];
const concurrency = Number(values.concurrency);
const killAt = Number(values["kill-at"]);
const env = readGraderEnv();
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const log = (line: string) => console.log(`  ${line}`);

function startPostgres(): { url: string; stop: () => void } {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, stop: () => {} };
  const dir = mkdtempSync(path.join(tmpdir(), "nanoschool-bench-pg-"));
  const script = path.join(repoRoot, "scripts/ci/postgres.sh");
  const out = execFileSync("bash", [script, "start", dir], { encoding: "utf8" });
  const url = /DATABASE_URL=(\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`scripts/ci/postgres.sh printed no DATABASE_URL:\n${out}`);
  return {
    url,
    stop: () => {
      execFileSync("bash", [script, "stop", dir], { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const started = new Date();
console.log(
  `load and kill: ${total} submissions, ${clients} clients, ${cpus().length} cores, ${started.toISOString()}`,
);
console.log(
  `anchor: the same mix graded by calling the sandbox directly (no queue, no database; ${Math.max(2, concurrency)} sandbox children)`,
);
// As many sandbox children as one grader process has (startGrader: one per grading slot, at least 2).
const anchor = await runDirectAnchor({
  total: Math.min(total, 200),
  clients,
  size: Math.max(2, concurrency),
  hostile,
});
console.log(`  ${JSON.stringify(anchor)}`);

const reports: LoadRunReport[] = [];
if (values.only !== "postgres") {
  console.log(
    `PGlite (embedded: web process = worker (concurrency ${concurrency}) + clients; the whole process is killed and restarted)`,
  );
  reports.push(await runLoadAndKill({ total, clients, graders: 1, concurrency, killAt, hostile, log }));
}
if (values.only !== "pglite") {
  console.log(
    `Postgres (2 grader processes, concurrency ${concurrency} each; one is killed and another started)`,
  );
  const postgres = startPostgres();
  try {
    reports.push(
      await runLoadAndKill({
        total,
        clients,
        graders: 2,
        concurrency,
        killAt,
        hostile,
        databaseUrl: postgres.url,
        log,
      }),
    );
  } finally {
    postgres.stop();
  }
}

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "n/a");
console.log(
  "\n| run | graded | lost | throughput/s | p50 ms | p99 ms | max ms | p50 ms (no hostile) | p99 ms (no hostile) | p50 vs anchor |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
console.log(
  `| anchor (direct sandbox) | ${anchor.graded} | 0 | ${anchor.throughputPerSecond} | ${anchor.latencyMs.p50} | ${anchor.latencyMs.p99} | ${anchor.latencyMs.max} | ${anchor.latencyWellBehavedMs.p50} | ${anchor.latencyWellBehavedMs.p99} | 1.00 |`,
);
let failed = false;
for (const r of reports) {
  console.log(
    `| ${r.database} + SIGKILL | ${r.graded} | ${r.lost} | ${r.throughputPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.latencyWellBehavedMs.p50} | ${r.latencyWellBehavedMs.p99} | ${ratio(r.latencyMs.p50, anchor.latencyMs.p50)} |`,
  );
  const failures = loadRunFailures(r, total);
  if (failures.length > 0) {
    failed = true;
    console.error(`${r.database}: FAILED\n  ${failures.slice(0, 20).join("\n  ")}`);
  }
}
for (const r of reports) {
  console.log(
    `${r.database}: submit to claim ${JSON.stringify(r.waitMs)} ms; claim+load ${JSON.stringify(r.stagesMs.load)}, sandbox ${JSON.stringify(r.stagesMs.sandbox)}, write ${JSON.stringify(r.stagesMs.write)} ms`,
  );
}
// On a machine whose cores are all busy, CPU per grading sets the ceiling: cores / CPU per grading.
const cpuLine = (name: string, cpu: { process: number; sandbox: number } | undefined) => {
  if (!cpu) return console.log(`${name}: CPU per grading not measured (no /proc)`);
  const total = cpu.process + cpu.sandbox;
  console.log(
    `${name}: CPU per grading ${total.toFixed(1)} ms (grading process ${cpu.process} ms, sandbox children ${cpu.sandbox} ms): at most ${Math.floor((cpus().length * 1000) / total)} gradings/s on ${cpus().length} cores`,
  );
};
cpuLine("anchor", anchor.cpuPerGradingMs);
for (const r of reports) cpuLine(r.database, r.cpuPerGradingMs);
for (const r of reports) {
  const met = r.latencyMs.p50 < 300 && r.latencyMs.p99 < 1000;
  console.log(
    `${r.database}: target p50 < 300 ms and p99 < 1 s ${met ? "met" : "NOT met"}; retried after the kill: ${r.retriedAfterKill}`,
  );
}
process.exit(failed ? 1 : 0);

// A stop-gap runner used until @nanoschool/sandbox's server runner is wired in: each run is a worker
// thread with a heap limit and a wall-clock limit. It is NOT a security boundary (no isolate, no
// permission model): it exists so the queue and worker can be built and tested against the contract.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { stripTypeScriptTypes } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { scoreTests } from "../score.ts";
import type { ExerciseRunner, GradeRequest, TestReport, TestStatus } from "../types.ts";
import { findMismatch } from "./local-harness.ts";

const harnessUrl = new URL("./local-harness.ts", import.meta.url).href;
const workerUrl = new URL("./local-runner-worker.ts", import.meta.url);
/** Thread start-up is not the student's time, but a thread that never starts must not hang a grade. */
const STARTUP_LIMIT_MS = 30_000;

function dependencyFile(key: string): string {
  return `dep-${key.replace(/[^a-z0-9-]/gi, "_")}.mjs`;
}

/** Strips types and points the contract's import specifiers at files of this run's folder. */
function toModule(source: string, submissionFile: string): string {
  const js = stripTypeScriptTypes(source, { mode: "strip" });
  return js.replace(
    /(from\s*|import\s*)(["'])([^"']+)\2/g,
    (match, prefix: string, quote: string, spec: string) => {
      if (spec === "@nanoschool/harness") return `${prefix}${quote}${harnessUrl}${quote}`;
      if (spec === "@submission") return `${prefix}${quote}./${submissionFile}${quote}`;
      if (spec.startsWith("@exercise/"))
        return `${prefix}${quote}./${dependencyFile(spec.slice(10))}${quote}`;
      return match;
    },
  );
}

type RunOutcome =
  | { kind: "messages"; messages: Record<string, unknown>[] }
  | { kind: "timeout" | "memory"; messages: Record<string, unknown>[] };

function runWorker(data: object, limits: GradeRequest["exercise"]["limits"]): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const messages: Record<string, unknown>[] = [];
    const worker = new Worker(workerUrl, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMiB, maxYoungGenerationSizeMb: 16 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const timeout = () => finish({ kind: "timeout", messages });
    let timer = setTimeout(timeout, STARTUP_LIMIT_MS);
    worker.on("message", (message: Record<string, unknown>) => {
      if (message.kind === "ready") {
        clearTimeout(timer);
        timer = setTimeout(timeout, limits.timeMs);
        return;
      }
      messages.push(message);
      if (message.kind === "done" || message.kind === "probe" || message.kind === "error") {
        finish({ kind: "messages", messages });
      }
    });
    worker.on("error", (error: NodeJS.ErrnoException) => {
      finish({ kind: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "messages", messages });
    });
    worker.on("exit", () => finish({ kind: "messages", messages }));
  });
}

async function runVisible(dir: string, request: GradeRequest): Promise<TestReport[]> {
  const entry = pathToFileURL(path.join(dir, "visible.mjs")).href;
  const outcome = await runWorker({ entry, mode: "visible" }, request.exercise.limits);
  const tests: TestReport[] = [];
  for (const m of outcome.messages) {
    if (m.kind === "test") {
      tests.push({
        name: String(m.name),
        visibility: "visible",
        status: m.status as TestStatus,
        message: String(m.message),
        weight: Number(m.weight),
        durationMs: 0,
      });
    }
    if (m.kind === "duration") {
      const t = tests.find((x) => x.name === m.name);
      if (t) t.durationMs = Math.round(Number(m.ms));
    }
  }
  const error = outcome.messages.find((m) => m.kind === "error");
  if (outcome.kind !== "messages" || error || !outcome.messages.some((m) => m.kind === "done")) {
    const status: TestStatus = outcome.kind === "messages" ? "error" : outcome.kind;
    const message = error ? String(error.message) : `the visible tests stopped: ${status}`;
    tests.push({ name: "visible tests", visibility: "visible", status, message, weight: 1, durationMs: 0 });
  }
  return tests;
}

async function runProbe(dir: string, request: GradeRequest, name: string): Promise<TestReport> {
  const meta = request.exercise.tests[name] ?? { weight: 1, message: "" };
  const started = performance.now();
  const probeJob = (file: string) => ({
    entry: pathToFileURL(path.join(dir, file)).href,
    mode: "probe",
    probe: name,
    seed: request.seed,
  });
  const [student, reference] = await Promise.all([
    runWorker(probeJob("hidden-student.mjs"), request.exercise.limits),
    runWorker(probeJob("hidden-reference.mjs"), request.exercise.limits),
  ]);
  const report = (status: TestStatus): TestReport => ({
    name,
    visibility: "hidden",
    status,
    message: status === "passed" ? "" : meta.message,
    weight: meta.weight,
    durationMs: Math.round(performance.now() - started),
  });
  const ref = reference.messages.find((m) => m.kind === "probe");
  if (!ref) {
    const why = reference.messages.find((m) => m.kind === "error")?.message ?? reference.kind;
    throw new Error(`The reference solution failed probe "${name}" (${why}): the exercise is broken.`);
  }
  if (student.kind !== "messages") return report(student.kind);
  const out = student.messages.find((m) => m.kind === "probe");
  if (!out) return report("error");
  const tolerance = ref.tolerance as { atol?: number; rtol?: number };
  const mismatch = findMismatch(
    out.output,
    ref.output,
    tolerance.atol ?? 1e-5,
    tolerance.rtol ?? 1e-4,
    "result",
  );
  return report(mismatch ? "failed" : "passed");
}

export const runWithLocalRunner: ExerciseRunner = async (request) => {
  const started = performance.now();
  const dir = await mkdtemp(path.join(tmpdir(), "nanoschool-grade-"));
  try {
    const { exercise } = request;
    const files: Record<string, string> = {
      "submission.mjs": toModule(request.code, "submission.mjs"),
      "reference.mjs": toModule(exercise.solutionCode, "reference.mjs"),
      "visible.mjs": toModule(exercise.visibleTests, "submission.mjs"),
      "hidden-student.mjs": toModule(exercise.hiddenTests, "submission.mjs"),
      "hidden-reference.mjs": toModule(exercise.hiddenTests, "reference.mjs"),
    };
    for (const [key, code] of Object.entries(request.dependencies)) {
      files[dependencyFile(key)] = toModule(code, dependencyFile(key));
    }
    await Promise.all(Object.entries(files).map(([name, text]) => writeFile(path.join(dir, name), text)));
    const [visible, hidden] = await Promise.all([
      request.include.visible ? runVisible(dir, request) : Promise.resolve([]),
      request.include.hidden
        ? Promise.all(Object.keys(exercise.tests).map((name) => runProbe(dir, request, name)))
        : Promise.resolve([]),
    ]);
    return scoreTests([...visible, ...hidden], exercise.points, performance.now() - started);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

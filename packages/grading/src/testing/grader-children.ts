// Starting grader child processes (testing/grader-child.ts) and reading their event lines.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

const childScript = new URL("./grader-child.ts", import.meta.url).pathname;
const embeddedScript = new URL("./embedded-child.ts", import.meta.url).pathname;

export type ChildEvent = {
  kind: string;
  submissionId?: string;
  written?: boolean;
  attempt?: number;
  timings?: { loadMs: number; sandboxMs: number; writeMs: number };
  /** On "cpu" events (cpu-report.ts). */
  processMs?: number;
  sandboxMs?: number | null;
  graded?: number;
};

export type GraderChild = {
  process: ChildProcess;
  events: ChildEvent[];
  /** Resolves with the first event that matches. */
  waitFor(match: (event: ChildEvent) => boolean, timeoutMs?: number): Promise<ChildEvent>;
  exited: Promise<number | null>;
};

export function spawnGrader(target: string, concurrency: number, expectedCount?: number): GraderChild {
  const args = [childScript, target, String(concurrency)];
  if (expectedCount !== undefined) args.push(String(expectedCount));
  return spawnChild(args);
}

/** The web process's share of the work on PGlite: the worker and the submitting clients in one process. */
export function spawnEmbedded(
  dataDir: string,
  run: {
    total: number;
    clients: number;
    concurrency: number;
    exerciseId: string;
    userId: string;
    hostile?: boolean;
  },
): GraderChild {
  const { total, clients, concurrency, exerciseId, userId } = run;
  return spawnChild([
    embeddedScript,
    dataDir,
    ...[total, clients, concurrency].map(String),
    exerciseId,
    userId,
    run.hostile === false ? "no-hostile" : "hostile",
  ]);
}

function spawnChild(args: string[]): GraderChild {
  const child = spawn(process.execPath, ["--no-warnings", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const events: ChildEvent[] = [];
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    try {
      events.push(JSON.parse(line) as ChildEvent);
    } catch {
      return; // not an event line
    }
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    process: child,
    events,
    exited,
    waitFor(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`grader child ${child.pid}: no matching event within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

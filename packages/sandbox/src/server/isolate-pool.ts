import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildOutcome, SessionJob } from "./isolate-child.ts";

export type IsolateJob = SessionJob;
export type IsolateOutcome = ChildOutcome;

/** Jobs that may share one isolate, each in its own context (see runSession in isolate-child.ts). */
export type IsolateSession = { run(job: IsolateJob): Promise<IsolateOutcome> };

export type PoolOptions = {
  /** Child processes kept warm; each runs one isolate at a time. Default 2. */
  size?: number;
  /** Extra time past a job's limit before the host kills the child itself. Default 2000 ms. */
  graceMs?: number;
  /** The tensor bundle's source (default: packages/tensor/dist/tensor.global.js). */
  bundleSource?: string;
};

const require = createRequire(import.meta.url);
const childPath = fileURLToPath(new URL("./isolate-child.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

export function defaultBundleSource(): string {
  const path = require.resolve("@nanoschool/tensor/global");
  return readFileSync(path, "utf8");
}

/** The prebuilt (or locally built) isolated-vm addon, found the way isolated-vm itself finds it. */
function addonPath(): string {
  const ivmDir = dirname(require.resolve("isolated-vm/package.json"));
  const gypBuild = require(require.resolve("node-gyp-build", { paths: [ivmDir] })) as {
    resolve(dir: string): string;
  };
  return gypBuild.resolve(ivmDir);
}

/**
 * Node flags of a sandbox child: the permission model with reads limited to this package's source
 * and the isolated-vm addon file; no writes, no child processes, no workers, no WASI, no inspector
 * (none of those is granted). isolated-vm needs --allow-addons and --no-node-snapshot.
 */
export function sandboxChildFlags(addon = addonPath()): string[] {
  return [
    "--permission",
    `--allow-fs-read=${packageDir}`,
    `--allow-fs-read=${addon}`,
    "--allow-addons",
    "--no-node-snapshot",
    "--disable-warning=ExperimentalWarning",
    "--disable-warning=SecurityWarning",
  ];
}

type Group = {
  jobs: IsolateJob[];
  resolves: ((outcome: IsolateOutcome) => void)[];
  reject: (error: Error) => void;
};
type Pending = { group: Group; timer: NodeJS.Timeout; started: number };
type Worker = {
  child: ChildProcess;
  ready: Promise<void>;
  started: boolean;
  busy: boolean;
  pending?: Pending;
  dead: boolean;
  /** The last few KiB the child wrote to stderr, to explain a child that cannot start. */
  stderr: string;
};

/** Children that die before they are ready this many times in a row mean the sandbox cannot start here. */
const MAX_START_FAILURES = 3;

/**
 * A warm pool of sandbox child processes. Jobs queue here and go to the first idle child.
 * The host-side watchdog kills a child that outlives a job's limit by graceMs (a stuck addon,
 * a hung dispose) and starts a fresh one, so the host always stays alive.
 */
export class IsolatePool {
  private readonly workers: Worker[] = [];
  private readonly queue: Group[] = [];
  private readonly graceMs: number;
  private readonly bundleSource: string;
  private readonly runtimeSource: string;
  private nextId = 1;
  private readonly counters = { jobs: 0, sessions: 0, isolates: 0 };
  private closed = false;
  private outstanding = 0;
  private startFailures = 0;
  private brokenReason: string | undefined;
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(runtimeSource: string, options: PoolOptions = {}) {
    this.graceMs = options.graceMs ?? 2000;
    this.bundleSource = options.bundleSource ?? defaultBundleSource();
    this.runtimeSource = runtimeSource;
    const size = Math.max(1, options.size ?? 2);
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
  }

  /** Runs one job in an isolate of its own. */
  run(job: IsolateJob): Promise<IsolateOutcome> {
    return this.runGroup([job]).then((outcomes) => outcomes[0]!);
  }

  /**
   * Jobs run through one session that are handed in during the same turn of the event loop go to one
   * child as one group: one isolate, a fresh context per job. When children sit idle (a quiet grader),
   * a group is spread over them instead, so its jobs run side by side: grouping saves work only when
   * there is a queue to save it for.
   */
  session(): IsolateSession {
    type Waiter = { resolve: (outcome: IsolateOutcome) => void; reject: (error: Error) => void };
    let open: { jobs: IsolateJob[]; waiters: Waiter[] } | undefined;
    return {
      run: (job) =>
        new Promise<IsolateOutcome>((resolve, reject) => {
          if (!open) {
            const group = { jobs: [] as IsolateJob[], waiters: [] as Waiter[] };
            open = group;
            setImmediate(() => {
              open = undefined;
              this.runGroup(group.jobs).then(
                (outcomes) => {
                  for (const [i, outcome] of outcomes.entries()) group.waiters[i]!.resolve(outcome);
                },
                (error: Error) => {
                  for (const waiter of group.waiters) waiter.reject(error);
                },
              );
            });
          }
          open.jobs.push(job);
          open.waiters.push({ resolve, reject });
        }),
    };
  }

  private runGroup(jobs: IsolateJob[]): Promise<IsolateOutcome[]> {
    if (this.closed) return Promise.reject(new Error("the sandbox pool is closed"));
    if (this.brokenReason) return Promise.reject(new Error(this.brokenReason));
    this.hold(1);
    return new Promise<IsolateOutcome[]>((resolve, reject) => {
      const outcomes: IsolateOutcome[] = new Array(jobs.length);
      let left = jobs.length;
      const resolves = jobs.map((_, i) => (outcome: IsolateOutcome) => {
        outcomes[i] = outcome;
        if (--left === 0) resolve(outcomes);
      });
      this.queue.push({ jobs, resolves, reject });
      this.dispatch();
    }).finally(() => this.hold(-1));
  }

  /**
   * CPU time (user + system, ms) the live children have used so far, read from /proc (Linux; clock
   * ticks of 10 ms); undefined where there is no /proc. For benchmarks: a killed child's time is gone.
   */
  childCpuMs(): number | undefined {
    let total = 0;
    for (const worker of this.workers) {
      const pid = worker.child.pid;
      if (pid === undefined || worker.dead) continue;
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        total += (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return undefined;
      }
    }
    return total;
  }

  /** Jobs run, sessions sent to children (a job alone is a session too), and isolates the children made for them. */
  stats(): { jobs: number; sessions: number; isolates: number } {
    return { ...this.counters };
  }

  /** Children are unref'd; while work is outstanding a timer keeps the host's event loop alive. */
  private hold(delta: number) {
    this.outstanding += delta;
    if (this.outstanding > 0 && !this.keepAlive) this.keepAlive = setInterval(() => {}, 60_000);
    if (this.outstanding === 0 && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }

  /** Wait until every child has loaded the runtime (useful before measuring latency). */
  async warm(): Promise<void> {
    this.hold(1);
    try {
      await Promise.all(this.workers.map((w) => w.ready));
    } finally {
      this.hold(-1);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const worker of this.workers) {
      worker.dead = true;
      worker.child.kill("SIGKILL");
    }
    for (const { reject } of this.queue.splice(0)) reject(new Error("the sandbox pool was closed"));
  }

  private spawn(): Worker {
    const addon = addonPath();
    const child = fork(childPath, [addon], {
      execPath: process.execPath,
      execArgv: sandboxChildFlags(addon),
      // No secrets of the host (database URLs, keys) are visible to the child.
      env: {} as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    const worker: Worker = {
      child,
      ready: Promise.resolve(),
      started: false,
      busy: true,
      dead: false,
      stderr: "",
    };
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      worker.stderr = (worker.stderr + chunk).slice(-4000);
    });
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    worker.ready = new Promise<void>((resolve, reject) => {
      const onReady = (message: { type?: string }) => {
        if (message?.type !== "ready") return;
        child.off("message", onReady);
        worker.started = true;
        worker.busy = false;
        this.startFailures = 0;
        resolve();
        this.dispatch();
      };
      child.on("message", onReady);
      child.once("exit", (code) => {
        if (!worker.started) reject(new Error(this.startFailureMessage(code, worker.stderr)));
      });
    });
    worker.ready.catch(() => {});
    child.on("message", (message: { type?: string; outcomes?: IsolateOutcome[]; isolates?: number }) => {
      if (message?.type !== "done" || !worker.pending) return;
      this.counters.isolates += Number(message.isolates) || 0;
      const count = worker.pending.group.jobs.length;
      const outcomes = Array.from(
        { length: count },
        (_, i) =>
          message.outcomes?.[i] ?? { status: "crashed" as const, message: "no outcome", durationMs: 0 },
      );
      this.finish(worker, outcomes);
    });
    // Idle children must not keep the host process alive; a pending job's watchdog timer does.
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    child.on("exit", () => this.onExit(worker));
    child.on("error", () => this.onExit(worker));
    child.send({ type: "init", bundleSource: this.bundleSource, runtimeSource: this.runtimeSource });
    return worker;
  }

  private onExit(worker: Worker) {
    const closing = worker.dead && this.closed;
    // Dead before finishing its job, so the dispatch that finishing starts never picks this child.
    worker.dead = true;
    if (worker.pending) {
      const durationMs = Math.round(performance.now() - worker.pending.started);
      this.finish(
        worker,
        worker.pending.group.jobs.map(() => ({
          status: "crashed" as const,
          message: "the sandbox process stopped unexpectedly",
          durationMs,
        })),
      );
    }
    if (closing) return;
    if (!worker.started && ++this.startFailures >= MAX_START_FAILURES) {
      // Respawning would only fail again: reject what is queued with the reason instead of hanging.
      // (A rejection, not a verdict: this is the machine's fault, never the student's.)
      this.brokenReason = this.startFailureMessage(worker.child.exitCode, worker.stderr);
      for (const { reject } of this.queue.splice(0)) reject(new Error(this.brokenReason));
      return;
    }
    const index = this.workers.indexOf(worker);
    if (index >= 0 && !this.closed) this.workers[index] = this.spawn();
  }

  private startFailureMessage(code: number | null, stderr: string): string {
    return (
      `The sandbox child process could not start (exit code ${code}). Check that isolated-vm's addon loads ` +
      `on this Node (install with the project's Node 24: npm ci puts it first on PATH) and that the ` +
      `permission flags let the child read it.${stderr ? ` Its last output: ${stderr.trim()}` : ""}`
    );
  }

  private finish(worker: Worker, outcomes: IsolateOutcome[]) {
    const pending = worker.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    worker.pending = undefined;
    worker.busy = false;
    for (const [i, outcome] of outcomes.entries()) pending.group.resolves[i]!(outcome);
    this.dispatch();
  }

  private dispatch() {
    for (const worker of this.workers) {
      if (this.queue.length === 0) return;
      if (worker.busy || worker.dead) continue;
      const group = this.queue.shift()!;
      // Nothing else waiting and more children idle: spread the group's jobs over them.
      if (group.jobs.length > 1 && this.queue.length === 0) {
        const idle = this.workers.filter((w) => !w.busy && !w.dead && w !== worker).length;
        for (let k = Math.min(idle, group.jobs.length - 1); k > 0; k--) {
          this.queue.push({
            jobs: [group.jobs.pop()!],
            resolves: [group.resolves.pop()!],
            reject: group.reject,
          });
        }
      }
      this.send(worker, group);
    }
  }

  private send(worker: Worker, group: Group) {
    const id = this.nextId++;
    this.counters.sessions++;
    this.counters.jobs += group.jobs.length;
    worker.busy = true;
    const started = performance.now();
    // Each job has its own limit in the child; the host waits for all of them plus a grace per job.
    const allowedMs = group.jobs.reduce((sum, job) => sum + job.timeMs + this.graceMs, 0);
    const timer = setTimeout(() => {
      // The child did not answer in time: kill it, report a timeout, and start a fresh child.
      const durationMs = Math.round(performance.now() - started);
      const pending = worker.pending;
      worker.pending = undefined;
      worker.dead = true;
      worker.child.kill("SIGKILL");
      for (const resolve of pending?.group.resolves ?? [])
        resolve({ status: "timeout", message: "killed by the host watchdog", durationMs });
    }, allowedMs);
    worker.pending = { group, timer, started };
    worker.child.send({ type: "session", id, jobs: group.jobs });
  }
}

/**
 * The grader's sandbox child process. Started by the pool with Node's permission model
 * (--permission: reads limited to this package and isolated-vm, no child processes, no workers,
 * no writes; --allow-addons for isolated-vm) and an empty environment, so code that escaped the
 * V8 isolate would still meet a second wall. It runs one session at a time (see runSession).
 */
import { createRequire } from "node:module";
import type IsolatedVM from "isolated-vm";

// The parent passes the path of isolated-vm's prebuilt addon; loading it directly means the child
// needs read access to that one file, not to the loader that probes the system for it.
const addonPath = process.argv[2];
if (!addonPath) throw new Error("isolate-child: pass the path of isolated-vm's addon as the first argument");
const ivm = (createRequire(import.meta.url)(addonPath) as { ivm: typeof IsolatedVM }).ivm;

type InitMessage = { type: "init"; bundleSource: string; runtimeSource: string };
export type SessionJob = { jobJson: string; timeMs: number; memoryMiB: number };
/** Jobs run one after another in one isolate, each in a fresh context (see runSession). */
type SessionMessage = { type: "session"; id: number; jobs: SessionJob[] };
export type ChildOutcome =
  | { status: "ok"; payload: string; durationMs: number }
  | { status: "timeout" | "memory" | "crashed" | "error"; message: string; durationMs: number };

let bundleSource = "";
let runtimeSource = "";
// V8 code caches for the tensor bundle and the runtime, made here from our own sources: never from
// anything a user sent.
let bundleCache: IsolatedVM.ExternalCopy<ArrayBuffer> | undefined;
let runtimeCache: IsolatedVM.ExternalCopy<ArrayBuffer> | undefined;

function send(message: unknown) {
  process.send?.(message);
}

/** A context with the tensor bundle and the runtime loaded, not yet given to any job. */
type Prepared = {
  isolate: IsolatedVM.Isolate;
  context: IsolatedVM.Context;
  runJob: IsolatedVM.Reference<(json: string) => Promise<string>>;
  memoryMiB: number;
};

/** Trusted setup (our bundle and runtime) gets this long; a job's own limit starts after it. */
const SETUP_TIMEOUT_MS = 10_000;

function newIsolate(memoryMiB: number): IsolatedVM.Isolate {
  return new ivm.Isolate({
    memoryLimit: memoryMiB,
    onCatastrophicError: (message) => {
      send({ type: "catastrophe", message });
      process.exit(70);
    },
  });
}

/** A fresh context (its own globals and intrinsics) in `isolate`, with the bundle and the runtime run in it. */
async function prepareContext(isolate: IsolatedVM.Isolate, memoryMiB: number): Promise<Prepared> {
  const context = await isolate.createContext();
  // The bundle's script starts by removing WebAssembly (the memory limit does not count its memory),
  // SharedArrayBuffer and Atomics (shared memory is a timer for side channels): see the init handler.
  const bundle = await isolate.compileScript(bundleSource, {
    filename: "nano-tensor.js",
    ...(bundleCache ? { cachedData: bundleCache } : { produceCachedData: true }),
  });
  const produced = (bundle as { cachedData?: IsolatedVM.ExternalCopy<ArrayBuffer> }).cachedData;
  if (!bundleCache && produced) bundleCache = produced;
  await bundle.run(context, { timeout: SETUP_TIMEOUT_MS });
  const runtime = await isolate.compileScript(runtimeSource, {
    filename: "nanoschool-runtime.js",
    ...(runtimeCache ? { cachedData: runtimeCache } : { produceCachedData: true }),
  });
  const producedRuntime = (runtime as { cachedData?: IsolatedVM.ExternalCopy<ArrayBuffer> }).cachedData;
  if (!runtimeCache && producedRuntime) runtimeCache = producedRuntime;
  const runJob: IsolatedVM.Reference<(json: string) => Promise<string>> = await runtime.run(context, {
    reference: true,
    timeout: SETUP_TIMEOUT_MS,
  });
  return { isolate, context, runJob, memoryMiB };
}

async function prepareIsolate(memoryMiB: number): Promise<Prepared> {
  const isolate = newIsolate(memoryMiB);
  try {
    return await prepareContext(isolate, memoryMiB);
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

// Between sessions the child makes the next session's isolate, so a job does not wait for isolate
// creation and runtime loading (about 10 ms). It is still one fresh isolate per session: a prepared
// isolate has run nothing but our own bundle and runtime, and it is disposed after its session.
let next: Promise<Prepared> | undefined;
let lastMemoryMiB = 128;

function prepareNext() {
  const pending = prepareIsolate(lastMemoryMiB);
  pending.catch(() => {});
  next = pending;
}

async function takeIsolate(memoryMiB: number): Promise<Prepared> {
  const prepared = next;
  next = undefined;
  if (prepared) {
    const ready = await prepared.catch(() => undefined);
    if (ready && ready.memoryMiB === memoryMiB) return ready;
    if (ready && !ready.isolate.isDisposed) ready.isolate.dispose();
  }
  return prepareIsolate(memoryMiB);
}

/** Runs one job in a prepared context; disposes the isolate when the job hit a limit or died. */
async function runInContext(prepared: Prepared, job: SessionJob, started: number): Promise<ChildOutcome> {
  const elapsed = () => Math.round(performance.now() - started);
  const { isolate, context, runJob } = prepared;
  let watchdogFired = false;
  let watchdog: NodeJS.Timeout | undefined;
  try {
    // isolated-vm's timeout covers synchronous runs; a promise that never settles or a getter
    // that loops between awaits is caught by this watchdog, which disposes the whole isolate.
    watchdog = setTimeout(() => {
      watchdogFired = true;
      if (!isolate.isDisposed) isolate.dispose();
    }, job.timeMs);
    const payload = await runJob.apply(undefined, [job.jobJson], {
      arguments: { copy: true },
      result: { promise: true, copy: true },
      timeout: job.timeMs,
    });
    if (typeof payload !== "string")
      return { status: "crashed", message: "the runtime returned no result", durationMs: elapsed() };
    return { status: "ok", payload, durationMs: elapsed() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const disposed = isolate.isDisposed;
    // Whatever went wrong, the isolate is not trusted with another job: the session's next job gets a fresh one.
    if (!disposed) isolate.dispose();
    if (watchdogFired || /timed out/i.test(message))
      return { status: "timeout", message, durationMs: elapsed() };
    if (/memory limit|out of memory|array buffer allocation failed/i.test(message)) {
      return { status: "memory", message, durationMs: elapsed() };
    }
    // isolated-vm disposes an isolate that ran out of memory on its own.
    if (disposed) return { status: "memory", message, durationMs: elapsed() };
    // isolated-vm fails the call when student code leaves a promise rejection unhandled.
    return { status: "error", message: message.split("\n")[0]!.slice(0, 2000), durationMs: elapsed() };
  } finally {
    clearTimeout(watchdog);
    if (!isolate.isDisposed) {
      runJob.release();
      context.release();
    }
  }
}

/**
 * A session: the jobs of one submission (its visible tests, then each hidden probe on the student's
 * side), run one after another in one fresh isolate, each job in a fresh context of its own. A context
 * has its own global object and intrinsics, and the host hands nothing from one to the next, so no
 * state (a call counter, a polluted prototype, a patched harness) carries from one job to another;
 * making a context is a third of the cost of making an isolate. A job that hits a limit takes the
 * isolate down with it: the jobs after it get a fresh isolate. The isolate is disposed at the end.
 */
async function runSession(jobs: SessionJob[]): Promise<{ outcomes: ChildOutcome[]; isolates: number }> {
  const outcomes: ChildOutcome[] = [];
  let isolates = 0;
  let current: { isolate: IsolatedVM.Isolate; memoryMiB: number } | undefined;
  const nextContext = async (memoryMiB: number): Promise<Prepared> => {
    if (current && !current.isolate.isDisposed && current.memoryMiB === memoryMiB) {
      try {
        return await prepareContext(current.isolate, memoryMiB);
      } catch {
        // fall through to a fresh isolate
      }
    }
    if (current && !current.isolate.isDisposed) current.isolate.dispose();
    current = undefined;
    const prepared = await takeIsolate(memoryMiB);
    isolates++;
    current = { isolate: prepared.isolate, memoryMiB };
    return prepared;
  };
  try {
    for (const job of jobs) {
      const started = performance.now();
      lastMemoryMiB = job.memoryMiB;
      let prepared: Prepared;
      try {
        prepared = await nextContext(job.memoryMiB);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcomes.push({
          status: "crashed",
          message: `the sandbox could not start an isolate: ${message}`,
          durationMs: Math.round(performance.now() - started),
        });
        continue;
      }
      outcomes.push(await runInContext(prepared, job, started));
    }
  } finally {
    if (current && !current.isolate.isDisposed) current.isolate.dispose();
  }
  return { outcomes, isolates };
}

process.on("message", (raw: InitMessage | SessionMessage) => {
  if (raw.type === "init") {
    // One script instead of an eval and a script: a round trip into the isolate less per context.
    bundleSource = `delete globalThis.WebAssembly; delete globalThis.SharedArrayBuffer; delete globalThis.Atomics;\n${raw.bundleSource}`;
    runtimeSource = raw.runtimeSource;
    prepareNext();
    send({ type: "ready" });
    return;
  }
  if (raw.type === "session") {
    runSession(raw.jobs)
      .then(
        ({ outcomes, isolates }) => send({ type: "done", id: raw.id, outcomes, isolates }),
        (error: unknown) =>
          send({
            type: "done",
            id: raw.id,
            outcomes: raw.jobs.map(() => ({ status: "crashed", message: String(error), durationMs: 0 })),
          }),
      )
      .finally(prepareNext);
  }
});

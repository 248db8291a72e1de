/**
 * The grader's sandbox child process. Started by the pool with Node's permission model
 * (--permission: reads limited to this package and isolated-vm, no child processes, no workers,
 * no writes; --allow-addons for isolated-vm) and an empty environment, so code that escaped the
 * V8 isolate would still meet a second wall. It runs one job at a time, each in a fresh isolate.
 */
import { createRequire } from "node:module";
import type IsolatedVM from "isolated-vm";

// The parent passes the path of isolated-vm's prebuilt addon; loading it directly means the child
// needs read access to that one file, not to the loader that probes the system for it.
const addonPath = process.argv[2];
if (!addonPath) throw new Error("isolate-child: pass the path of isolated-vm's addon as the first argument");
const ivm = (createRequire(import.meta.url)(addonPath) as { ivm: typeof IsolatedVM }).ivm;

type InitMessage = { type: "init"; bundleSource: string; runtimeSource: string };
type RunMessage = { type: "run"; id: number; jobJson: string; timeMs: number; memoryMiB: number };
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

/** An isolate with the tensor bundle and the runtime loaded, not yet given to any job. */
type Prepared = {
  isolate: IsolatedVM.Isolate;
  runJob: IsolatedVM.Reference<(json: string) => Promise<string>>;
  memoryMiB: number;
};

/** Trusted setup (our bundle and runtime) gets this long; a job's own limit starts after it. */
const SETUP_TIMEOUT_MS = 10_000;

async function prepareIsolate(memoryMiB: number): Promise<Prepared> {
  const isolate = new ivm.Isolate({
    memoryLimit: memoryMiB,
    onCatastrophicError: (message) => {
      send({ type: "catastrophe", message });
      process.exit(70);
    },
  });
  try {
    const context = await isolate.createContext();
    // The memory limit does not count WebAssembly memory, and shared memory is a timer for side channels.
    await context.eval(
      "delete globalThis.WebAssembly; delete globalThis.SharedArrayBuffer; delete globalThis.Atomics;",
    );
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
    return { isolate, runJob, memoryMiB };
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

// Between jobs the child makes the next job's isolate, so a job does not wait for isolate creation
// and runtime loading (about 10 ms). It is still one fresh isolate per job: a prepared isolate has
// run nothing but our own bundle and runtime, and it is disposed after its one job.
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

async function runInFreshIsolate(job: RunMessage): Promise<ChildOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  lastMemoryMiB = job.memoryMiB;
  let prepared: Prepared;
  try {
    prepared = await takeIsolate(job.memoryMiB);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      status: "crashed",
      message: `the sandbox could not start an isolate: ${message}`,
      durationMs: elapsed(),
    };
  }
  const { isolate, runJob } = prepared;
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
    if (watchdogFired || /timed out/i.test(message))
      return { status: "timeout", message, durationMs: elapsed() };
    if (/memory limit|out of memory|array buffer allocation failed/i.test(message)) {
      return { status: "memory", message, durationMs: elapsed() };
    }
    if (isolate.isDisposed) return { status: "memory", message, durationMs: elapsed() };
    // isolated-vm fails the call when student code leaves a promise rejection unhandled.
    return { status: "error", message: message.split("\n")[0]!.slice(0, 2000), durationMs: elapsed() };
  } finally {
    clearTimeout(watchdog);
    if (!isolate.isDisposed) isolate.dispose();
  }
}

process.on("message", (raw: InitMessage | RunMessage) => {
  if (raw.type === "init") {
    bundleSource = raw.bundleSource;
    runtimeSource = raw.runtimeSource;
    prepareNext();
    send({ type: "ready" });
    return;
  }
  if (raw.type === "run") {
    runInFreshIsolate(raw)
      .then(
        (outcome) => send({ type: "done", id: raw.id, outcome }),
        (error: unknown) =>
          send({
            type: "done",
            id: raw.id,
            outcome: { status: "crashed", message: String(error), durationMs: 0 },
          }),
      )
      .finally(prepareNext);
  }
});

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
// V8 code cache for the tensor bundle, made here from our own bundle: never from anything a user sent.
let bundleCache: IsolatedVM.ExternalCopy<ArrayBuffer> | undefined;

function send(message: unknown) {
  process.send?.(message);
}

async function runInFreshIsolate(job: RunMessage): Promise<ChildOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const isolate = new ivm.Isolate({
    memoryLimit: job.memoryMiB,
    onCatastrophicError: (message) => {
      send({ type: "catastrophe", message });
      process.exit(70);
    },
  });
  let watchdogFired = false;
  let watchdog: NodeJS.Timeout | undefined;
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
    await bundle.run(context, { timeout: job.timeMs });
    const runtime = await isolate.compileScript(runtimeSource, { filename: "nanoschool-runtime.js" });
    const runJob: IsolatedVM.Reference<(json: string) => Promise<string>> = await runtime.run(context, {
      reference: true,
      timeout: job.timeMs,
    });
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
    send({ type: "ready" });
    return;
  }
  if (raw.type === "run") {
    runInFreshIsolate(raw).then(
      (outcome) => send({ type: "done", id: raw.id, outcome }),
      (error: unknown) =>
        send({
          type: "done",
          id: raw.id,
          outcome: { status: "crashed", message: String(error), durationMs: 0 },
        }),
    );
  }
});

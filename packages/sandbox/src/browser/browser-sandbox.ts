/// <reference lib="dom" />
import { createFormatter } from "../runtime/format.ts";
import { createHarness } from "../runtime/harness.ts";
import { createSandboxRuntime } from "../runtime/runtime.ts";
import { createSerializer } from "../runtime/serialize.ts";
import { decodePayload } from "../server/decode.ts";
import type {
  CellOutput,
  CellResult,
  RunError,
  TestStatus,
  VisibleTestResult,
  VisibleTestsResult,
} from "../server/types.ts";
import { cellExerciseJob, type ExerciseSources } from "../transform/exercise-modules.ts";
import { type TransformResult, transformCell, transformModule } from "../transform/transform.ts";
import { frameMain } from "./frame-main.ts";
import { workerMain } from "./worker-main.ts";

export type {
  CellOutput,
  CellResult,
  ExerciseSources,
  RunError,
  TestStatus,
  VisibleTestResult,
  VisibleTestsResult,
};

export type BrowserSandboxOptions = {
  /** Where the page can fetch the tensor bundle (dist/tensor.global.js). Fetched by the page, never by the sandbox. */
  bundleUrl?: string;
  /** The tensor bundle's source, instead of bundleUrl. */
  bundleSource?: string;
  /** Data sets for loadData(name), as text. */
  data?: Record<string, string>;
  /** Output budget per run; default 64 KiB. */
  maxOutputBytes?: number;
  /** Where to put the hidden iframe; default document.body. */
  container?: HTMLElement;
};

export type BrowserRunOptions = {
  timeMs?: number;
  onOutput?: (output: CellOutput) => void;
  /**
   * The student's current code of the exercises a cell may use with `await useExercise(id)`, by
   * "<chapter>/<exercise>". Read at every run, so an edit to an exercise counts from the next run.
   */
  exercises?: ExerciseSources;
};

export type BrowserRunResult = {
  /** "stopped": stop() or reset() cancelled it; "timeout": it passed its time limit. */
  status: "ok" | "error" | "timeout" | "stopped";
  error?: RunError;
  durationMs: number;
  /** True when the worker was replaced: declarations of earlier cells are gone; run them again. */
  stateLost: boolean;
};

export type BrowserSandbox = {
  /** Resolves when the frame and a warm worker are ready. */
  ready: Promise<void>;
  /** Run one cell; cells share top-level declarations in the order they run. */
  run(code: string, options?: BrowserRunOptions): Promise<BrowserRunResult>;
  /** Like run(), shaped like the server's CellResult: the outputs are also collected into the result. */
  runCell(code: string, options?: BrowserRunOptions): Promise<CellResult & { stateLost: boolean }>;
  /**
   * Run visible tests against the student's code, all in one worker run, shaped like the server's
   * runVisibleTests result. Outputs stream through onOutput (each test's `outputs` is empty); a run
   * stopped by its time limit or stop() is a "load-error" with loadStatus "timeout" or "error".
   */
  runTests(
    input: { submission: string; tests: string; dependencies?: Record<string, string>; timeMs?: number },
    options?: BrowserRunOptions,
  ): Promise<VisibleTestsResult>;
  /** Cancel the current run at once (terminates the worker). */
  stop(): void;
  /** Forget all cell state (a fresh worker). */
  reset(): Promise<void>;
  /** Remove the frame and its workers. */
  dispose(): void;
};

const DEFAULT_TIME_MS = 10_000;
// If the frame itself stops answering, the page gives up this long after the run's own limit.
const FRAME_GRACE_MS = 3000;

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  // The frame's own inline script, and eval for the cells the worker runs; nothing loaded by URL.
  "script-src 'unsafe-inline' 'unsafe-eval'",
  // The worker itself, started from a data: URL the frame builds.
  "worker-src data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** The module worker's source: the tensor bundle, then the runtime, then its message loop. */
export function browserWorkerSource(bundleSource: string): string {
  return `${bundleSource}
;globalThis.nanoTensor = nanoTensor;
(${workerMain.toString()})({
  createSerializer: ${createSerializer.toString()},
  createFormatter: ${createFormatter.toString()},
  createHarness: ${createHarness.toString()},
  createSandboxRuntime: ${createSandboxRuntime.toString()},
});
`;
}

function frameDocument(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}"></head><body><script>(${frameMain.toString()})();</script></body></html>`;
}

type Pending = {
  resolve: (result: { status: string; [key: string]: unknown }) => void;
  onOutput?: (o: CellOutput) => void;
};

/**
 * Start a browser sandbox: a hidden iframe (sandbox="allow-scripts", no same origin, CSP that
 * forbids every request) whose module worker runs the cells. Framework-free; packages/ui wraps it.
 */
export function createBrowserSandbox(options: BrowserSandboxOptions): BrowserSandbox {
  const container = options.container ?? document.body;
  const maxOutputBytes = options.maxOutputBytes ?? 64 * 1024;
  let iframe: HTMLIFrameElement | undefined;
  let nextId = 1;
  let current: { id: number; pending: Pending; fallback: ReturnType<typeof setTimeout> } | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let frameReady: Promise<void> = Promise.resolve();
  const resets = new Map<number, () => void>();
  // The last transform of each exercise file: a cell run re-sends every exercise, mostly unchanged.
  const exerciseTransforms = new Map<string, { source: string; result: TransformResult }>();
  const transformExercise = (source: string, file: string): TransformResult => {
    const last = exerciseTransforms.get(file);
    if (last?.source === source) return last.result;
    const result = transformModule(source, file);
    exerciseTransforms.set(file, { source, result });
    return result;
  };

  const bundle: Promise<string> = options.bundleSource
    ? Promise.resolve(options.bundleSource)
    : fetch(options.bundleUrl ?? "/tensor.global.js").then((r) => {
        if (!r.ok)
          throw new Error(`could not load the tensor bundle from ${options.bundleUrl}: HTTP ${r.status}`);
        return r.text();
      });

  function onMessage(event: MessageEvent) {
    if (!iframe || event.source !== iframe.contentWindow) return;
    const message = event.data as {
      type?: string;
      id?: number;
      event?: CellOutput;
      result?: Record<string, unknown>;
    };
    if (message?.type === "output" && current && message.id === current.id && message.event) {
      current.pending.onOutput?.(message.event);
    } else if (message?.type === "done" && current && message.id === current.id) {
      const { pending, fallback } = current;
      clearTimeout(fallback);
      current = undefined;
      pending.resolve({ status: "done", ...(message.result ?? {}) });
    } else if (message?.type === "reset-done" && message.id !== undefined) {
      resets.get(message.id)?.();
      resets.delete(message.id);
    }
  }
  window.addEventListener("message", onMessage);

  function startFrame() {
    iframe?.remove();
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.setAttribute("aria-hidden", "true");
    frame.style.display = "none";
    frame.srcdoc = frameDocument();
    iframe = frame;
    frameReady = new Promise<void>((resolve, reject) => {
      const onLoaded = (event: MessageEvent) => {
        if (event.source !== frame.contentWindow) return;
        if (event.data?.type === "frame-loaded") {
          bundle.then(
            (source) =>
              frame.contentWindow?.postMessage(
                {
                  type: "init",
                  workerSource: browserWorkerSource(source),
                  maxOutputBytes,
                  data: options.data ?? {},
                },
                "*",
              ),
            reject,
          );
        } else if (event.data?.type === "frame-ready") {
          window.removeEventListener("message", onLoaded);
          resolve();
        }
      };
      window.addEventListener("message", onLoaded);
    });
    container.appendChild(frame);
  }
  startFrame();

  /** Send one command to the frame and wait for its result, with the page's own fallback timer. */
  function dispatch(command: Record<string, unknown>, timeMs: number, pending: Omit<Pending, "resolve">) {
    const run = async () => {
      await frameReady;
      return new Promise<{ status: string; [key: string]: unknown }>((resolve) => {
        const id = nextId++;
        const fallback = setTimeout(() => {
          // The frame did not answer: throw it away with its workers and start over.
          current = undefined;
          startFrame();
          resolve({ status: "timeout", stateLost: true });
        }, timeMs + FRAME_GRACE_MS);
        current = { id, pending: { ...pending, resolve }, fallback };
        iframe?.contentWindow?.postMessage({ type: "run", id, timeMs, command: { ...command, id } }, "*");
      });
    };
    const result = queue.then(run, run);
    queue = result.catch(() => {});
    return result;
  }

  async function run(code: string, runOptions: BrowserRunOptions = {}): Promise<BrowserRunResult> {
    const started = performance.now();
    const filename = "cell.ts";
    const transformed = transformCell(code, filename);
    if (!transformed.ok) {
      const { line, column, message } = transformed.error;
      return {
        status: "error",
        error: { message, file: filename, line, column },
        durationMs: 0,
        stateLost: false,
      };
    }
    const { modules, exercises } = cellExerciseJob(runOptions.exercises ?? {}, transformExercise);
    const result = await dispatch(
      { type: "run-cell", code: transformed.code, names: transformed.names, filename, modules, exercises },
      runOptions.timeMs ?? DEFAULT_TIME_MS,
      { onOutput: runOptions.onOutput },
    );
    const durationMs = Math.round(performance.now() - started);
    if (result.status !== "done") {
      return { status: result.status as BrowserRunResult["status"], durationMs, stateLost: true };
    }
    const out: BrowserRunResult = { status: result.ok ? "ok" : "error", durationMs, stateLost: false };
    if (result.error) out.error = result.error as RunError;
    return out;
  }

  async function runCell(
    code: string,
    runOptions: BrowserRunOptions = {},
  ): Promise<CellResult & { stateLost: boolean }> {
    const outputs: CellOutput[] = [];
    const result = await run(code, {
      timeMs: runOptions.timeMs,
      exercises: runOptions.exercises,
      onOutput: (output) => {
        outputs.push(output);
        runOptions.onOutput?.(output);
      },
    });
    const cell: CellResult & { stateLost: boolean } = {
      status: result.status,
      outputs,
      durationMs: result.durationMs,
      stateLost: result.stateLost,
    };
    if (result.error) cell.error = result.error;
    else if (result.status === "timeout") {
      cell.error = {
        message: `Stopped after ${runOptions.timeMs ?? DEFAULT_TIME_MS} ms: the time limit of this cell.`,
      };
    }
    return cell;
  }

  async function runTests(
    input: { submission: string; tests: string; dependencies?: Record<string, string>; timeMs?: number },
    runOptions: BrowserRunOptions = {},
  ): Promise<VisibleTestsResult> {
    const timeMs = runOptions.timeMs ?? input.timeMs ?? DEFAULT_TIME_MS;
    const files = [
      { specifier: "@submission", filename: "submission.ts", source: input.submission },
      ...Object.entries(input.dependencies ?? {}).map(([id, source]) => ({
        specifier: `@exercise/${id}`,
        filename: `exercise/${id}.ts`,
        source,
      })),
      { specifier: "@tests", filename: "visible.test.ts", source: input.tests },
    ];
    const modules: Record<string, { code: string; filename: string }> = {};
    for (const file of files) {
      const t = transformModule(file.source, file.filename);
      if (!t.ok) return { status: "compile-error", compileError: { ...t.error }, tests: [] };
      modules[file.specifier] = { code: t.code, filename: file.filename };
    }
    const result = await dispatch({ type: "run-tests", modules, entry: "@tests" }, timeMs, {
      onOutput: runOptions.onOutput,
    });
    if (result.status !== "done") {
      const timedOut = result.status === "timeout";
      return {
        status: "load-error",
        loadStatus: timedOut ? "timeout" : "error",
        loadError: {
          message: timedOut
            ? `Stopped after ${timeMs} ms: the time limit. Look for a loop that never ends.`
            : "Stopped before the tests finished.",
        },
        tests: [],
      };
    }
    const decoded = JSON.parse(JSON.stringify(decodePayload(String(result.payload)))) as Record<
      string,
      unknown
    >;
    if (decoded.kind !== "all-tests") {
      return { status: "load-error", loadStatus: "error", loadError: decoded.error as RunError, tests: [] };
    }
    const tests = (decoded.tests as Omit<VisibleTestResult, "outputs">[]).map((t) => ({ ...t, outputs: [] }));
    return { status: "ok", tests };
  }

  return {
    ready: frameReady.then(() => undefined),
    run,
    runCell,
    runTests,
    stop() {
      iframe?.contentWindow?.postMessage({ type: "stop" }, "*");
    },
    async reset() {
      await frameReady;
      const id = nextId++;
      await new Promise<void>((resolve) => {
        resets.set(id, resolve);
        iframe?.contentWindow?.postMessage({ type: "reset", id }, "*");
      });
    },
    dispose() {
      window.removeEventListener("message", onMessage);
      iframe?.remove();
      iframe = undefined;
    },
  };
}

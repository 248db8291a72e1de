import { createHash } from "node:crypto";
import { cellExerciseJob, type ExerciseSources } from "../transform/exercise-modules.ts";
import { type SourceError, transformCell, transformModule } from "../transform/transform.ts";
import { BoundedCache } from "./bounded-cache.ts";
import { outputsMatch, type Tolerance } from "./compare-outputs.ts";
import { type Decoded, decodePayload } from "./decode.ts";
import { type IsolateOutcome, IsolatePool, type IsolateSession, type PoolOptions } from "./isolate-pool.ts";
import { serverRuntimeSource } from "./runtime-source.ts";
import {
  type CellInput,
  type CellOutput,
  type CellResult,
  DEFAULT_LIMITS,
  type GradeResult,
  type HiddenProbesResult,
  type HiddenTestResult,
  type Limits,
  type RunError,
  type TestMeta,
  type TestStatus,
  type VisibleTestResult,
  type VisibleTestsResult,
} from "./types.ts";

export type * from "./types.ts";
export type { PoolOptions };

export type RunCellsInput = {
  cells: CellInput[];
  memoryMiB?: number;
  maxOutputBytes?: number;
  data?: Record<string, string>;
  /** What `await useExercise(id)` in a cell gets, by "<chapter>/<exercise>" (see FORMAT.md, "Cell runtime"). */
  exercises?: ExerciseSources;
};
export type { ExerciseSources };
export type RunCellInput = {
  code: string;
  priorCells?: CellInput[];
  timeMs?: number;
  memoryMiB?: number;
  maxOutputBytes?: number;
  data?: Record<string, string>;
};
export type RunVisibleTestsInput = {
  submission: string;
  tests: string;
  /** Earlier exercises this one imports, by "chapter/exercise" (imported as "@exercise/chapter/exercise"). */
  dependencies?: Record<string, string>;
  limits?: Limits;
  data?: Record<string, string>;
};
export type RunHiddenProbesInput = {
  submission: string;
  reference: string;
  hiddenTests: string;
  dependencies?: Record<string, string>;
  referenceDependencies?: Record<string, string>;
  seed: number;
  limits?: Limits;
  testMeta: TestMeta;
  data?: Record<string, string>;
};
export type GradeExerciseInput = {
  submission: string;
  visibleTests?: string;
  hiddenTests?: string;
  reference?: string;
  dependencies?: Record<string, string>;
  referenceDependencies?: Record<string, string>;
  seed: number;
  limits?: Limits;
  testMeta?: TestMeta;
  data?: Record<string, string>;
};

/**
 * The student-side runs of one submission made through one session share an isolate, each in a fresh
 * context (see IsolatePool.session). Never pass a session to runs of different students' code.
 */
export type GradingSession = { readonly isolates: IsolateSession };
export type SessionOption = { session?: GradingSession };

export type ServerSandbox = {
  runCells(input: RunCellsInput): Promise<{ cells: CellResult[]; durationMs: number }>;
  runCell(input: RunCellInput): Promise<CellResult>;
  runVisibleTests(input: RunVisibleTestsInput, options?: SessionOption): Promise<VisibleTestsResult>;
  runHiddenProbes(input: RunHiddenProbesInput, options?: SessionOption): Promise<HiddenProbesResult>;
  /** A session for the student-side runs of one submission. */
  session(): GradingSession;
  gradeExercise(input: GradeExerciseInput): Promise<GradeResult>;
  /** Resolves when every child process has the runtime loaded. */
  warm(): Promise<void>;
  /** Counters since creation: isolates run, and reference outputs served from the cache or computed. */
  stats(): SandboxStats;
  /** CPU time (ms) the live child processes have used, where /proc tells (benchmarks). */
  childCpuMs(): number | undefined;
  close(): Promise<void>;
};

export type SandboxStats = {
  /** Runs of code (each in a fresh context; a run alone, or the first of a session, in a fresh isolate). */
  isolateRuns: number;
  /** Isolates the children made: fewer than runs when a submission's runs shared one. */
  isolatesCreated: number;
  referenceHits: number;
  referenceMisses: number;
};

type ModuleSource = { code: string; filename: string };
type Modules = Record<string, ModuleSource>;

const MAX_RESULT_BYTES = 8 * 1024 * 1024;
const HIDDEN_DURATION_STEP_MS = 100;

function limitsOf(limits: Limits | undefined) {
  return {
    timeMs: limits?.timeMs ?? DEFAULT_LIMITS.timeMs,
    memoryMiB: limits?.memoryMiB ?? DEFAULT_LIMITS.memoryMiB,
    maxOutputBytes: limits?.maxOutputBytes ?? DEFAULT_LIMITS.maxOutputBytes,
  };
}

type Transformed = ReturnType<typeof transformModule>;

/**
 * Stripping types costs about a millisecond a file, and one grading strips the same files several
 * times (the submission for the visible and the hidden side, the reference and the hidden tests for
 * every submission to an exercise): keep recent results, keyed by the whole source.
 */
const transformCache = new BoundedCache<string, Transformed>({
  maxEntries: 512,
  maxWeight: 32 * 1024 * 1024,
});

function transformCached(source: string, filename: string): Transformed {
  const key = `${filename}\0${source}`;
  const hit = transformCache.get(key);
  if (hit) return hit;
  const result = transformModule(source, filename);
  transformCache.set(key, result, 2 * (key.length + (result.ok ? result.code.length : 0)));
  return result;
}

/** Transform every source into the module map, or return the first syntax error. */
function buildModules(
  files: { specifier: string; filename: string; source: string }[],
): { ok: true; modules: Modules } | { ok: false; error: SourceError } {
  const modules: Modules = {};
  for (const file of files) {
    const result = transformCached(file.source, file.filename);
    if (!result.ok) return result;
    modules[file.specifier] = { code: result.code, filename: file.filename };
  }
  return { ok: true, modules };
}

/** A stable key for a set of data sets, computed once per object (callers pass the same one along). */
const dataKeys = new WeakMap<object, string>();
function dataKeyOf(data: Record<string, string> | undefined): string {
  if (!data) return "";
  let key = dataKeys.get(data);
  if (key === undefined) {
    key = createHash("sha256")
      .update(JSON.stringify(Object.entries(data).sort()))
      .digest("hex");
    dataKeys.set(data, key);
  }
  return key;
}

type ReferenceOutput =
  | { ok: true; output: Decoded; tolerance: Tolerance }
  | { ok: false; outcome: IsolateOutcome; error: RunError | undefined };

function dependencyFiles(dependencies: Record<string, string> | undefined) {
  return Object.entries(dependencies ?? {}).map(([id, source]) => ({
    specifier: `@exercise/${id}`,
    filename: `exercise/${id}.ts`,
    source,
  }));
}

const formatSourceError = (e: SourceError) => `${e.file}:${e.line}:${e.column}: ${e.message}`;

/** The runtime reports an ArrayBuffer it could not allocate as an error; it is the memory limit. */
const isMemoryError = (error: RunError | undefined) =>
  error !== undefined && /Array buffer allocation failed|memory limit/i.test(error.message);

function asRecord(value: Decoded): Record<string, Decoded> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error("malformed result");
  return value as Record<string, Decoded>;
}

function runErrorOf(value: Decoded | undefined): RunError | undefined {
  if (value === undefined || value === null || typeof value !== "object" || Array.isArray(value))
    return undefined;
  const r = value as Record<string, Decoded>;
  const error: RunError = { message: String(r.message ?? "") };
  if (typeof r.file === "string") error.file = r.file;
  if (typeof r.line === "number") error.line = r.line;
  if (typeof r.column === "number") error.column = r.column;
  return error;
}

function outputsOf(value: Decoded | undefined): CellOutput[] {
  // The runtime built these objects before any student code could touch their shape; decoding
  // gives null-prototype objects, which we copy into plain ones for callers.
  if (!Array.isArray(value)) return [];
  return value.map((item) => JSON.parse(JSON.stringify(item)) as CellOutput);
}

const outcomeStatus = (outcome: IsolateOutcome): TestStatus =>
  outcome.status === "timeout" ? "timeout" : outcome.status === "memory" ? "memory" : "error";

const outcomeMessage = (outcome: IsolateOutcome, limits: { timeMs: number; memoryMiB: number }) =>
  outcome.status === "error"
    ? `An error escaped the code (often a promise rejection nobody handled): ${outcome.message}`
    : outcome.status === "timeout"
      ? `Stopped after ${limits.timeMs} ms: the time limit. Look for a loop that never ends or a promise that never settles.`
      : outcome.status === "memory"
        ? `Stopped: the code used more than ${limits.memoryMiB} MiB of memory. Look for data that grows without bound.`
        : "The sandbox stopped unexpectedly while running this code.";

/**
 * Create a server sandbox: a warm pool of permission-restricted child processes, each running one
 * fresh isolated-vm isolate per job. See README.md for the walls and the probe design.
 */
export function createServerSandbox(options: PoolOptions = {}): ServerSandbox {
  const pool = new IsolatePool(serverRuntimeSource(), options);
  // The probe names depend only on the exercise's own files: listed once per exercise version (and
  // once for submissions that arrive together). A failed listing is not kept.
  const probeLists = new BoundedCache<string, Promise<{ names: string[] } | { failure: string }>>({
    maxEntries: 256,
  });
  // What the reference solution returns for one probe and seed depends only on trusted files (the
  // reference, the hidden tests, the data sets), so it is computed once and kept in the host, where
  // student code never runs. Bounded by entries and by the size of the serialized outputs.
  const referenceOutputs = new BoundedCache<string, ReferenceOutput & { ok: true }>({
    maxEntries: 4096,
    maxWeight: 64 * 1024 * 1024,
  });
  // Submissions graded at once often share a seed: one reference run serves all of them.
  const referenceRuns = new Map<string, Promise<ReferenceOutput>>();
  const counters = { isolateRuns: 0, referenceHits: 0, referenceMisses: 0 };

  function referenceOutput(key: string, run: () => ReturnType<typeof runJob>): Promise<ReferenceOutput> {
    const hit = referenceOutputs.get(key);
    if (hit) {
      counters.referenceHits++;
      return Promise.resolve(hit);
    }
    let pending = referenceRuns.get(key);
    if (pending) counters.referenceHits++;
    else {
      counters.referenceMisses++;
      pending = run().then(({ outcome, value }): ReferenceOutput => {
        if (value?.$ !== "probe-output") return { ok: false, outcome, error: runErrorOf(value?.error) };
        const tol = asRecord(value.tolerance as Decoded);
        const result = {
          ok: true as const,
          output: value.output as Decoded,
          tolerance: { atol: Number(tol.atol), rtol: Number(tol.rtol) },
        };
        // Only successes are kept: a reference that failed (say, a timeout on a loaded machine) runs again next time.
        referenceOutputs.set(key, result, outcome.status === "ok" ? outcome.payload.length : 1);
        return result;
      });
      referenceRuns.set(key, pending);
      const forget = () => referenceRuns.delete(key);
      pending.then(forget, forget);
    }
    return pending;
  }

  async function runJob(
    job: Record<string, unknown>,
    limits: ReturnType<typeof limitsOf>,
    session?: GradingSession,
  ) {
    const jobJson = JSON.stringify({
      ...job,
      maxOutputBytes: limits.maxOutputBytes,
      maxResultBytes: MAX_RESULT_BYTES,
    });
    counters.isolateRuns++;
    const isolateJob = { jobJson, timeMs: limits.timeMs, memoryMiB: limits.memoryMiB };
    const outcome = await (session ? session.isolates.run(isolateJob) : pool.run(isolateJob));
    if (outcome.status !== "ok") return { outcome, value: undefined };
    try {
      return { outcome, value: asRecord(decodePayload(outcome.payload)) };
    } catch {
      return {
        outcome: { ...outcome, status: "crashed" as const, message: "unreadable result" },
        value: undefined,
      };
    }
  }

  async function runCells(input: RunCellsInput): Promise<{ cells: CellResult[]; durationMs: number }> {
    const cells = input.cells.map((cell) => (typeof cell === "string" ? { code: cell } : cell));
    const results: CellResult[] = cells.map(() => ({ status: "not-run", outputs: [], durationMs: 0 }));
    const transformed: { code: string; names: string[]; filename: string }[] = [];
    for (const [i, cell] of cells.entries()) {
      const filename = `cell-${i + 1}.ts`;
      const t = transformCell(cell.code, filename);
      if (!t.ok) {
        results[i] = {
          status: "error",
          outputs: [],
          error: { message: t.error.message, file: filename, line: t.error.line, column: t.error.column },
          durationMs: 0,
        };
        break;
      }
      transformed.push({ code: t.code, names: t.names, filename });
    }
    if (transformed.length === 0) return { cells: results, durationMs: 0 };
    const timeMs = cells
      .slice(0, transformed.length)
      .reduce((sum, c) => sum + (c.timeMs ?? DEFAULT_LIMITS.timeMs), 0);
    const limits = limitsOf({ timeMs, memoryMiB: input.memoryMiB, maxOutputBytes: input.maxOutputBytes });
    const exerciseJob = cellExerciseJob(input.exercises ?? {}, transformCached);
    const { outcome, value } = await runJob(
      { mode: "cells", cells: transformed, data: input.data ?? {}, ...exerciseJob },
      limits,
    );
    if (value?.kind !== "cells" || !Array.isArray(value.cells)) {
      // The isolate died: we cannot tell which cell was running, so blame the first that did not report.
      const status = outcome.status === "ok" ? "error" : outcomeStatus(outcome);
      results[0] = {
        status: status === "timeout" || status === "memory" ? status : "error",
        outputs: [],
        error: { message: outcomeMessage(outcome, limits) },
        durationMs: outcome.durationMs,
      };
      return { cells: results, durationMs: outcome.durationMs };
    }
    value.cells.forEach((raw, i) => {
      const r = asRecord(raw);
      const error = runErrorOf(r.error);
      const status = r.ok === true ? "ok" : isMemoryError(error) ? "memory" : "error";
      const result: CellResult = {
        status,
        outputs: outputsOf(r.outputs),
        durationMs: Number(r.durationMs) || 0,
      };
      if (error) result.error = error;
      results[i] = result;
    });
    return { cells: results, durationMs: outcome.durationMs };
  }

  async function runCell(input: RunCellInput): Promise<CellResult> {
    const prior = input.priorCells ?? [];
    const { cells } = await runCells({
      cells: [...prior, { code: input.code, timeMs: input.timeMs }],
      memoryMiB: input.memoryMiB,
      maxOutputBytes: input.maxOutputBytes,
      data: input.data,
    });
    const failedPrior = cells.slice(0, prior.length).findIndex((c) => c.status !== "ok");
    if (failedPrior >= 0) {
      const failed = cells[failedPrior]!;
      return {
        status: failed.status === "not-run" ? "error" : failed.status,
        outputs: failed.outputs,
        error: {
          message: `An earlier cell (number ${failedPrior + 1}) failed: ${failed.error?.message ?? failed.status}`,
        },
        durationMs: failed.durationMs,
      };
    }
    return cells[prior.length]!;
  }

  async function runVisibleTests(
    input: RunVisibleTestsInput,
    options: SessionOption = {},
  ): Promise<VisibleTestsResult> {
    const limits = limitsOf(input.limits);
    const built = buildModules([
      { specifier: "@submission", filename: "submission.ts", source: input.submission },
      ...dependencyFiles(input.dependencies),
      { specifier: "@tests", filename: "visible.test.ts", source: input.tests },
    ]);
    if (!built.ok) return { status: "compile-error", compileError: built.error, tests: [] };
    const base = { modules: built.modules, entry: "@tests", data: input.data ?? {} };
    // Fast path: every visible test in one isolate (visible tests have nothing to hide, and a call
    // counter gains nothing on tests whose answers the student can read). If that run dies of a
    // limit, fall back to one fresh isolate per test, so each test gets its own verdict.
    const together = await runJob({ ...base, mode: "all-tests" }, limits, options.session);
    if (together.value?.kind === "all-tests" && Array.isArray(together.value.tests)) {
      const tests = together.value.tests.map((raw): VisibleTestResult => {
        const r = asRecord(raw);
        const error = runErrorOf(r.error);
        const rawStatus = String(r.status);
        const status: TestStatus =
          rawStatus === "passed" || rawStatus === "failed"
            ? rawStatus
            : isMemoryError(error)
              ? "memory"
              : "error";
        const where = error?.line !== undefined ? ` (${error.file}:${error.line}:${error.column})` : "";
        return {
          name: String(r.name),
          weight: Number(r.weight) || 0,
          status,
          message: status === "passed" ? "" : `${String(r.message)}${status === "error" ? where : ""}`,
          durationMs: Math.round(Number(r.durationMs) || 0),
          outputs: outputsOf(r.outputs),
          ...(error ? { error } : {}),
        };
      });
      return { status: "ok", tests };
    }
    if (together.value?.kind === "load-error") {
      const loadError = runErrorOf(together.value.error) ?? { message: "the tests could not be loaded" };
      return {
        status: "load-error",
        loadError,
        loadStatus: isMemoryError(loadError) ? "memory" : "error",
        tests: [],
      };
    }
    const listing = await runJob({ ...base, mode: "tests" }, limits);
    if (listing.value?.kind !== "tests") {
      const loadError = runErrorOf(listing.value?.error) ?? {
        message: outcomeMessage(listing.outcome, limits),
      };
      const loadStatus: TestStatus = listing.value
        ? isMemoryError(loadError)
          ? "memory"
          : "error"
        : outcomeStatus(listing.outcome);
      return { status: "load-error", loadError, loadStatus, tests: [] };
    }
    const listed = (listing.value.tests as Decoded[]).map((t) => asRecord(t));
    // With one test, the run that died was that test alone in a fresh isolate: running it again
    // would give the same verdict after another full time limit.
    const alone = listed.length === 1 && together.outcome.status !== "ok" ? together : undefined;
    const tests = await Promise.all(
      listed.map(async (entry, index): Promise<VisibleTestResult> => {
        const name = String(entry.name);
        const weight = Number(entry.weight) || 0;
        const { outcome, value } = alone ?? (await runJob({ ...base, mode: "test", index }, limits));
        if (value?.kind !== "test") {
          const error = runErrorOf(value?.error);
          return {
            name,
            weight,
            status: value ? "error" : outcomeStatus(outcome),
            message: error?.message ?? outcomeMessage(outcome, limits),
            durationMs: outcome.durationMs,
            outputs: outputsOf(value?.outputs),
            ...(error ? { error } : {}),
          };
        }
        const error = runErrorOf(value.error);
        const raw = String(value.status);
        const status: TestStatus =
          raw === "passed" || raw === "failed" ? raw : isMemoryError(error) ? "memory" : "error";
        const where = error?.line !== undefined ? ` (${error.file}:${error.line}:${error.column})` : "";
        return {
          name,
          weight,
          status,
          message: status === "passed" ? "" : `${String(value.message)}${status === "error" ? where : ""}`,
          durationMs: outcome.durationMs,
          outputs: outputsOf(value.outputs),
          ...(error ? { error } : {}),
        };
      }),
    );
    return { status: "ok", tests };
  }

  async function runHiddenProbes(
    input: RunHiddenProbesInput,
    options: SessionOption = {},
  ): Promise<HiddenProbesResult> {
    const limits = limitsOf(input.limits);
    const authoringErrors: string[] = [];
    const meta = input.testMeta;
    const metaOf = (name: string) => ({
      weight: meta[name]?.weight ?? 1,
      message: meta[name]?.message ?? "This hidden test did not pass.",
    });
    const hidden = (name: string, status: TestStatus, durationMs: number): HiddenTestResult => ({
      name,
      status,
      message: status === "passed" ? "" : metaOf(name).message,
      weight: metaOf(name).weight,
      durationMs: Math.ceil(durationMs / HIDDEN_DURATION_STEP_MS) * HIDDEN_DURATION_STEP_MS,
    });
    const allErrored = () => Object.keys(meta).map((name) => hidden(name, "error", 0));

    // The reference side: trusted code only (reference solution + hidden tests), never student code.
    const reference = buildModules([
      { specifier: "@submission", filename: "submission.ts", source: input.reference },
      ...dependencyFiles(input.referenceDependencies ?? input.dependencies),
      { specifier: "@hidden", filename: "hidden.test.ts", source: input.hiddenTests },
    ]);
    if (!reference.ok) {
      authoringErrors.push(
        `the reference or the hidden tests do not compile: ${formatSourceError(reference.error)}`,
      );
      return { tests: allErrored(), authoringErrors };
    }
    const refBase = { modules: reference.modules, entry: "@hidden", data: input.data ?? {} };
    // The probe list depends only on the exercise's own files: list once per exercise version.
    const listKey = createHash("sha256")
      .update(JSON.stringify(reference.modules))
      .update(dataKeyOf(input.data))
      .digest("hex");
    let listed = probeLists.get(listKey);
    if (!listed) {
      listed = runJob({ ...refBase, mode: "probes" }, limits).then((listing) => {
        if (listing.value?.kind === "probes")
          return { names: (listing.value.probes as Decoded[]).map((p) => String(asRecord(p).name)) };
        probeLists.delete(listKey);
        const error = runErrorOf(listing.value?.error);
        return {
          failure: `the hidden tests do not load with the reference: ${error ? `${error.file ?? ""}:${error.line ?? ""} ${error.message}` : outcomeMessage(listing.outcome, limits)}`,
        };
      });
      probeLists.set(listKey, listed);
    }
    const listing = await listed;
    if ("failure" in listing) {
      authoringErrors.push(listing.failure);
      return { tests: allErrored(), authoringErrors };
    }
    const names = listing.names;
    for (const name of names)
      if (!meta[name]) authoringErrors.push(`probe "${name}" has no entry in exercise.yaml tests`);
    for (const name of Object.keys(meta))
      if (!names.includes(name))
        authoringErrors.push(`exercise.yaml names test "${name}" but hidden.test.ts has no such probe`);

    const student = buildModules([
      { specifier: "@submission", filename: "submission.ts", source: input.submission },
      ...dependencyFiles(input.dependencies),
      { specifier: "@hidden", filename: "hidden.test.ts", source: input.hiddenTests },
    ]);
    const studentBase = student.ok
      ? { modules: student.modules, entry: "@hidden", data: input.data ?? {} }
      : undefined;

    const seed = input.seed >>> 0;
    const tests = await Promise.all(
      names.map(async (name, index): Promise<HiddenTestResult> => {
        const probeJob = { mode: "probe", index, seed };
        const referenceRun = referenceOutput(`${listKey}:${seed}:${index}`, () =>
          runJob({ ...refBase, ...probeJob }, limits),
        );
        if (!studentBase) {
          await referenceRun;
          return hidden(name, "error", 0);
        }
        const [ref, mine] = await Promise.all([
          referenceRun,
          runJob({ ...studentBase, ...probeJob }, limits, options.session),
        ]);
        if (!ref.ok) {
          authoringErrors.push(
            `probe "${name}" fails with the reference solution: ${ref.error?.message ?? outcomeMessage(ref.outcome, limits)}`,
          );
          return hidden(name, "error", mine.outcome.durationMs);
        }
        // From here on only the verdict leaves: no message, output or error text of the student's run.
        if (!mine.value) return hidden(name, outcomeStatus(mine.outcome), mine.outcome.durationMs);
        if (mine.value.$ !== "probe-output") {
          return hidden(
            name,
            isMemoryError(runErrorOf(mine.value.error)) ? "memory" : "error",
            mine.outcome.durationMs,
          );
        }
        const pass = outputsMatch(mine.value.output as Decoded, ref.output, ref.tolerance);
        return hidden(name, pass ? "passed" : "failed", mine.outcome.durationMs);
      }),
    );
    return { tests, authoringErrors };
  }

  async function gradeExercise(input: GradeExerciseInput): Promise<GradeResult> {
    const started = performance.now();
    const session = newSession();
    const visible = input.visibleTests
      ? runVisibleTests(
          {
            submission: input.submission,
            tests: input.visibleTests,
            dependencies: input.dependencies,
            limits: input.limits,
            data: input.data,
          },
          { session },
        )
      : undefined;
    const hidden =
      input.hiddenTests && input.reference
        ? runHiddenProbes(
            {
              submission: input.submission,
              reference: input.reference,
              hiddenTests: input.hiddenTests,
              dependencies: input.dependencies,
              referenceDependencies: input.referenceDependencies,
              seed: input.seed,
              limits: input.limits,
              testMeta: input.testMeta ?? {},
              data: input.data,
            },
            { session },
          )
        : undefined;
    const [v, h] = await Promise.all([visible, hidden]);
    const tests: GradeResult["tests"] = [];
    let score = 0;
    let maxScore = 0;
    // Visible tests show the expected values, so passing them proves little (hardcoding the answers
    // passes them too): when there are hidden tests, only they count towards the score.
    const scoreVisible = !h;
    for (const t of v?.tests ?? []) {
      tests.push({
        name: t.name,
        visibility: "visible",
        status: t.status,
        message: t.message,
        durationMs: t.durationMs,
      });
      if (!scoreVisible) continue;
      maxScore += t.weight;
      if (t.status === "passed") score += t.weight;
    }
    for (const t of h?.tests ?? []) {
      tests.push({
        name: t.name,
        visibility: "hidden",
        status: t.status,
        message: t.message,
        durationMs: t.durationMs,
      });
      maxScore += t.weight;
      if (t.status === "passed") score += t.weight;
    }
    const compileError =
      v?.compileError ??
      (transformCached(input.submission, "submission.ts") as { error?: SourceError }).error;
    const authoringErrors = h?.authoringErrors ?? [];
    if (v?.status === "compile-error" && v.compileError) {
      tests.unshift({
        name: "compiling the submission",
        visibility: "visible",
        status: "error",
        message: formatSourceError(v.compileError),
        durationMs: 0,
      });
    }
    if (v?.status === "load-error" && v.loadError) {
      tests.unshift({
        name: "loading the submission",
        visibility: "visible",
        status: v.loadStatus ?? "error",
        message:
          v.loadError.message +
          (v.loadError.line ? ` (${v.loadError.file}:${v.loadError.line}:${v.loadError.column})` : ""),
        durationMs: 0,
      });
    }
    const allPassed = tests.length > 0 && tests.every((t) => t.status === "passed") && !compileError;
    const result: GradeResult = {
      status: authoringErrors.length > 0 ? "error" : allPassed ? "passed" : "failed",
      score,
      maxScore,
      durationMs: Math.round(performance.now() - started),
      tests,
      authoringErrors,
    };
    if (compileError) result.compileError = compileError;
    return result;
  }

  function newSession(): GradingSession {
    return { isolates: pool.session() };
  }

  return {
    runCells,
    runCell,
    runVisibleTests,
    runHiddenProbes,
    session: newSession,
    gradeExercise,
    warm: () => pool.warm(),
    stats: () => ({ ...counters, isolatesCreated: pool.stats().isolates }),
    childCpuMs: () => pool.childCpuMs(),
    close: () => pool.close(),
  };
}

// ---- a process-wide default sandbox, for callers that need only one ---------------------------

let defaultSandbox: ServerSandbox | undefined;

/** The shared sandbox (created on first use with default options). */
export function getDefaultServerSandbox(): ServerSandbox {
  defaultSandbox ??= createServerSandbox();
  return defaultSandbox;
}

/** Stop the shared sandbox's child processes (idle children never keep the process alive anyway). */
export async function closeDefaultServerSandbox(): Promise<void> {
  const sandbox = defaultSandbox;
  defaultSandbox = undefined;
  await sandbox?.close();
}

export const runCells = (input: RunCellsInput) => getDefaultServerSandbox().runCells(input);
export const runCell = (input: RunCellInput) => getDefaultServerSandbox().runCell(input);
export const runVisibleTests = (input: RunVisibleTestsInput) =>
  getDefaultServerSandbox().runVisibleTests(input);
export const runHiddenProbes = (input: RunHiddenProbesInput) =>
  getDefaultServerSandbox().runHiddenProbes(input);
export const gradeExercise = (input: GradeExerciseInput) => getDefaultServerSandbox().gradeExercise(input);

// biome-ignore-all lint/suspicious/noExplicitAny: this file runs inside the sandbox on values of any shape.
import type { createFormatter } from "./format.ts";
import type { createHarness } from "./harness.ts";
import type { createSerializer } from "./serialize.ts";

/**
 * The runtime that sits inside the sandbox (isolate or browser worker) next to the tensor bundle:
 * the module system (@nanoschool/tensor, @nanoschool/harness, @submission, @exercise/...), the
 * output helpers (print, plot, table, progress, console), the notebook scope shared by cells,
 * and the entry points the host drives.
 *
 * It is created before any student code runs and captures what it needs then. Self-contained
 * (type imports only): the server evaluates this file's source in the isolate, the browser
 * embeds `createSandboxRuntime.toString()`.
 */
export function createSandboxRuntime(
  g: any,
  deps: {
    createSerializer: typeof createSerializer;
    createFormatter: typeof createFormatter;
    createHarness: typeof createHarness;
    /** Streams each output as it happens (browser); without it outputs are collected per run. */
    emit?: (event: any) => void;
    maxOutputBytes: number;
  },
) {
  const call = Function.prototype.call.bind(Function.prototype.call) as (
    fn: any,
    self: any,
    ...args: any[]
  ) => any;
  const indirectEval = g.eval as (code: string) => any;
  const ownKeys = Object.keys;
  const createObject = Object.create;
  const freeze = Object.freeze;
  const defineProperty = Object.defineProperty;
  const isArray = Array.isArray;
  const toText = String;
  const toNumber = Number;
  const dateNow = Date.now;
  const stringSlice = String.prototype.slice;
  const stringMatch = String.prototype.match;
  const stringSplit = String.prototype.split;
  const arrayJoin = Array.prototype.join;
  const BaseError = Error;
  const PromiseCtor = Promise;
  const promiseResolve = Promise.resolve.bind(Promise);
  const jsonParse = JSON.parse;
  const MathMin = Math.min;
  const ProxyCtor = Proxy;
  const reflectApply = Reflect.apply;
  const reflectConstruct = Reflect.construct;
  const WeakSetCtor = WeakSet;
  const defineOwn = Object.defineProperty;
  /** arr[index] = value, without running a setter student code put on Array.prototype or Object.prototype. */
  const put = (arr: unknown[], index: number, value: unknown) => {
    defineOwn(arr, index, { value, writable: true, enumerable: true, configurable: true });
  };

  const T = g.nanoTensor;
  if (!T || typeof T.Tensor !== "function")
    throw new BaseError("the tensor bundle must be loaded before the runtime");
  const TensorClass = T.Tensor;
  const tensorToArray = TensorClass.prototype.toArray;
  const tensorToString = TensorClass.prototype.toString;
  const dtypeGetter = Object.getOwnPropertyDescriptor(TensorClass.prototype, "dtype")?.get;
  const isTensor = (v: unknown) => v instanceof TensorClass;
  const tensorParts = (v: any) => {
    const shape: number[] = [];
    for (let i = 0; i < v.shape.length; i++) put(shape, i, toNumber(v.shape[i]));
    return {
      shape,
      dtype: dtypeGetter ? toText(call(dtypeGetter, v)) : "float32",
      data: call(tensorToArray, v),
    };
  };
  const tensorText = (v: any) => toText(call(tensorToString, v));

  const { format, errorMessage, clip } = deps.createFormatter({ isTensor, tensorText });
  const { serialize } = deps.createSerializer({ isTensor, tensorParts });
  const harness = deps.createHarness({ format, errorMessage, isTensor, tensorParts, now: dateNow });

  // ---- outputs --------------------------------------------------------------------------------

  let outputs: any[] = [];
  let outputBytes = 0;
  let truncated = false;
  let maxOutputBytes = deps.maxOutputBytes;
  const emit = deps.emit;

  function pushOutput(event: any, bytes: number) {
    if (truncated) return;
    if (outputBytes + bytes > maxOutputBytes) {
      truncated = true;
      const note = {
        kind: "note",
        text: `Output truncated: this run printed more than ${maxOutputBytes / 1024} KiB; the rest was dropped. Print less (e.g. every 100th step).`,
      };
      if (emit) emit(note);
      else put(outputs, outputs.length, note);
      return;
    }
    outputBytes += bytes;
    if (emit) emit(event);
    else put(outputs, outputs.length, event);
  }

  function tensorEvent(v: any) {
    const t = tensorParts(v);
    const limit = 1000;
    const values: number[] = [];
    for (let i = 0; i < t.data.length && i < limit; i++) values[i] = toNumber(t.data[i]);
    return {
      kind: "tensor",
      shape: t.shape,
      dtype: t.dtype,
      values,
      truncated: t.data.length > limit,
      text: clip(tensorText(v), 8000),
    };
  }

  function logLine(stream: string, args: unknown[]) {
    // Past the limit nothing more is kept, so do not spend time formatting it.
    if (truncated) return;
    if (args.length === 1 && isTensor(args[0])) {
      const event = tensorEvent(args[0]);
      pushOutput(event, event.text.length + event.values.length * 8);
      return;
    }
    const parts: string[] = [];
    for (let i = 0; i < args.length; i++) parts[i] = format(args[i]);
    const text = call(arrayJoin, parts, " ");
    pushOutput({ kind: "text", stream, text }, text.length + 16);
  }

  const numberList = (values: unknown, what: string): number[] => {
    if (!isArray(values) && !ArrayBuffer.isView(values))
      throw new BaseError(`${what} must be an array of numbers`);
    const list = values as any;
    const out: number[] = [];
    for (let i = 0; i < list.length && i < 10000; i++) out[i] = toNumber(list[i]);
    return out;
  };

  function plot(spec: any) {
    if (spec === null || typeof spec !== "object" || !isArray(spec.series)) {
      throw new BaseError('plot({ series: [{ name: "loss", values: [...] }] }): series must be an array');
    }
    const series: any[] = [];
    let bytes = 64;
    for (let i = 0; i < spec.series.length && i < 20; i++) {
      const s = spec.series[i];
      const values = numberList(s?.values, `plot series ${i}'s values`);
      bytes += values.length * 8;
      series[i] = { name: toText(s?.name ?? `series ${i + 1}`), values };
    }
    const out: any = { series, kind: spec.kind === "bar" ? "bar" : "line" };
    if (spec.x !== undefined) out.x = numberList(spec.x, "plot x");
    for (const key of ["title", "xLabel", "yLabel"])
      if (spec[key] !== undefined) out[key] = toText(spec[key]);
    pushOutput({ kind: "plot", spec: out }, bytes);
  }

  function table(rows: any, options?: { title?: string }) {
    if (!isArray(rows)) throw new BaseError("table(rows): rows must be an array of objects or of arrays");
    const columns: string[] = [];
    const seen: Record<string, true> = createObject(null);
    const cells: string[][] = [];
    const cell = (v: unknown) => (typeof v === "string" ? v : format(v));
    let bytes = 0;
    for (let r = 0; r < rows.length && r < 1000; r++) {
      const row = rows[r];
      if (isArray(row)) {
        for (let c = columns.length; c < row.length; c++) columns[c] = toText(c);
        const line: string[] = [];
        for (let c = 0; c < row.length; c++) line[c] = cell(row[c]);
        cells[r] = line;
      } else if (row !== null && typeof row === "object") {
        const keys = ownKeys(row);
        for (let k = 0; k < keys.length; k++) {
          const key = keys[k] as string;
          if (!seen[key]) {
            seen[key] = true;
            columns[columns.length] = key;
          }
        }
        const line: string[] = [];
        for (let c = 0; c < columns.length; c++) line[c] = cell(row[columns[c] as string]);
        cells[r] = line;
      } else {
        cells[r] = [cell(row)];
      }
      for (let c = 0; c < cells[r]!.length; c++) bytes += cells[r]![c]!.length + 4;
    }
    const event: any = { kind: "table", columns, rows: cells, truncated: rows.length > 1000 };
    if (options && options.title !== undefined) event.title = toText(options.title);
    pushOutput(event, bytes);
  }

  let lastProgress = -1;
  function progress(fraction: number, label?: string) {
    const f = MathMin(1, Math.max(0, toNumber(fraction)));
    // A loop calling progress() every step would flood the page: only whole percents get through.
    const percent = Math.floor(f * 100);
    if (percent === lastProgress && f < 1) return;
    lastProgress = percent;
    const event: any = { kind: "progress", fraction: f };
    if (label !== undefined) event.label = toText(label);
    if (emit) emit(event);
  }

  // ---- data sets --------------------------------------------------------------------------------

  let dataSets: Record<string, string> = createObject(null);
  function loadData(name: string) {
    const text = dataSets[toText(name)];
    if (typeof text !== "string") {
      return PromiseCtor.reject(
        new BaseError(
          `no data set named "${name}"; available: ${call(arrayJoin, ownKeys(dataSets), ", ") || "none"}`,
        ),
      );
    }
    return promiseResolve(text);
  }

  // ---- exercises a cell uses: useExercise("build-dataset") ----------------------------------------

  /**
   * The exercises a cell may use, by "<chapter>/<exercise>" key: the module that holds the code (the
   * student's own in the browser, the reference in the course check) and what to call it in errors.
   */
  type CellExercise = { specifier: string; filename: string; title: string; reference?: boolean };
  let cellExercises: Record<string, CellExercise> = createObject(null);
  const explained = new WeakSetCtor<object>();

  function exerciseKeyOf(id: string): string | undefined {
    if (cellExercises[id]) return id;
    let found: string | undefined;
    const keys = ownKeys(cellExercises);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (call(stringSlice, key, key.length - id.length - 1) === `/${id}`) {
        if (found !== undefined) return undefined; // ambiguous: the full key is needed
        found = key;
      }
    }
    return found;
  }

  /** "line 14 of your code", when the error was thrown in this exercise's own file. */
  function whereInExercise(error: unknown, info: CellExercise): string {
    const at = describeError(error);
    return at.file === info.filename && at.line > 0
      ? ` (line ${at.line} of ${info.reference ? "the reference" : "your code"})`
      : "";
  }

  /** An error that says which exercise a cell depends on, and what to do about it. */
  function exerciseError(info: CellExercise, what: string, cause: unknown, loading: boolean) {
    const whose = info.reference ? `the reference ${what} of` : `your ${what} from`;
    const advice = info.reference
      ? "the course check runs the reference solution here, so fix the reference."
      : "make its visible tests pass first (hints are there), then run this cell again.";
    const verb = loading ? "does not load" : "threw";
    const error = new BaseError(
      `This cell uses ${whose} the exercise "${info.title}" above: ${advice} ` +
        `${loading ? "That code" : `${info.reference ? "It" : `Your ${what}`}`} ${verb}: ` +
        `${errorMessage(cause)}${whereInExercise(cause, info)}`,
    );
    explained.add(error);
    return error;
  }

  /** An exported function or class that explains any error it throws (or rejects with). */
  function explainingExport(value: any, name: string, info: CellExercise) {
    const explain = (error: unknown) => {
      if (error !== null && typeof error === "object" && explained.has(error as object)) return error;
      return exerciseError(info, name, error, false);
    };
    return new ProxyCtor(value, {
      apply(target: any, self: unknown, args: unknown[]) {
        let result: any;
        try {
          result = reflectApply(target, self, args);
        } catch (error) {
          throw explain(error);
        }
        if (result instanceof PromiseCtor) {
          return result.then(undefined, (error: unknown) => {
            throw explain(error);
          });
        }
        return result;
      },
      construct(target: any, args: unknown[], newTarget: any) {
        try {
          return reflectConstruct(target, args, newTarget);
        } catch (error) {
          throw explain(error);
        }
      },
    });
  }

  function useExercise(id: string) {
    const key = exerciseKeyOf(toText(id));
    const info = key === undefined ? undefined : cellExercises[key];
    if (!info) {
      const known = ownKeys(cellExercises);
      return PromiseCtor.reject(
        new BaseError(
          `no exercise "${id}" for this cell to use; ` +
            (known.length > 0
              ? `this chapter's exercises are: ${call(arrayJoin, known, ", ")}`
              : "this lesson has no exercises"),
        ),
      );
    }
    let exports: any;
    try {
      exports = requireModule(info.specifier);
    } catch (error) {
      return PromiseCtor.reject(exerciseError(info, "code", error, true));
    }
    const out: Record<string, unknown> = {};
    const names = ownKeys(exports);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const value = exports[name];
      out[name] = typeof value === "function" ? explainingExport(value, name, info) : value;
    }
    return promiseResolve(freeze(out));
  }

  /** A cell error thrown inside an exercise's code but not through an export (a method, a callback). */
  function explainCellError(error: unknown, described: any) {
    if (error !== null && typeof error === "object" && explained.has(error as object)) return described;
    const keys = ownKeys(cellExercises);
    for (let i = 0; i < keys.length; i++) {
      const info = cellExercises[keys[i] as string]!;
      if (described.file === info.filename) {
        return { message: errorMessage(exerciseError(info, "code", error, false)) };
      }
    }
    return described;
  }

  // ---- globals student code sees ----------------------------------------------------------------

  const print = (...args: unknown[]) => logLine("log", args);
  const consoleObject = freeze({
    log: print,
    info: (...args: unknown[]) => logLine("info", args),
    debug: (...args: unknown[]) => logLine("debug", args),
    warn: (...args: unknown[]) => logLine("warn", args),
    error: (...args: unknown[]) => logLine("error", args),
    table: (rows: any) => table(rows),
  });
  const globalsToInstall: Record<string, unknown> = {
    console: consoleObject,
    print,
    plot,
    table,
    progress,
    loadData,
    useExercise,
  };
  const tensorNames = ownKeys(T);
  for (let i = 0; i < tensorNames.length; i++) {
    const name = tensorNames[i] as string;
    if (name !== "__esModule") globalsToInstall[name] = T[name];
  }
  const installNames = ownKeys(globalsToInstall);
  for (let i = 0; i < installNames.length; i++) {
    const name = installNames[i] as string;
    defineProperty(g, name, {
      value: globalsToInstall[name],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }

  // ---- modules ----------------------------------------------------------------------------------

  const tensorModule = T;
  const builtins: Record<string, unknown> = {
    "@nanoschool/tensor": tensorModule,
    "@nanoschool/tensor/nn": T.nn,
    "@nanoschool/tensor/optim": T.optim,
    "@nanoschool/tensor/value": freeze({ Value: T.Value }),
    "@nanoschool/harness": harness.publicApi,
  };
  type ModuleSource = { code: string; filename: string };
  let sources: Record<string, ModuleSource> = createObject(null);
  let cache: Record<string, any> = createObject(null);
  /** The modules each loaded module required, so that a change to one reloads those that use it. */
  const moduleDeps: Record<string, string[]> = createObject(null);
  const loading: string[] = [];
  let registering = false;

  function requireModule(specifier: string): unknown {
    const spec = toText(specifier);
    if (spec in builtins) return builtins[spec];
    const parent = loading[loading.length - 1];
    if (parent !== undefined) {
      const deps = moduleDeps[parent] ?? [];
      put(deps, deps.length, spec);
      moduleDeps[parent] = deps;
    }
    if (spec in cache) return cache[spec].exports;
    const source = sources[spec];
    if (!source) {
      throw new BaseError(
        `Cannot import "${spec}": only @nanoschool/tensor (and /nn, /optim, /value), @nanoschool/harness, ` +
          `@submission and the @exercise/<chapter>/<exercise> modules this exercise depends on are available here.`,
      );
    }
    const module = { exports: {} as any };
    cache[spec] = module;
    moduleDeps[spec] = [];
    // Only the test file itself may register tests; never the code it imports.
    const wasRegistering = registering;
    harness.internal.closeRegistration();
    put(loading, loading.length, spec);
    try {
      const factory = indirectEval(
        `(function (exports, require, module) {\n${source.code}\n})\n//# sourceURL=${source.filename}`,
      );
      factory(module.exports, requireModule, module);
    } catch (error) {
      // A module that failed to load is not kept half-made: the next require runs it again.
      delete cache[spec];
      throw error;
    } finally {
      loading.length -= 1;
      if (wasRegistering) harness.internal.openRegistration();
    }
    return module.exports;
  }

  function loadEntry(specifier: string) {
    registering = true;
    harness.internal.openRegistration();
    try {
      requireModule(specifier);
    } finally {
      registering = false;
      harness.internal.closeRegistration();
    }
  }

  // ---- errors with the student's line and column ------------------------------------------------

  /** What went wrong, and where in the student's own file (the wrapper adds one line above it). */
  function describeError(error: unknown) {
    const out: any = { message: errorMessage(error) };
    try {
      const stack = error !== null && typeof error === "object" ? (error as any).stack : undefined;
      if (typeof stack === "string") {
        const lines = call(stringSplit, stack, "\n") as string[];
        for (let i = 0; i < lines.length && i < 50; i++) {
          const match = call(stringMatch, lines[i], /([\w./@-]+\.ts):(\d+):(\d+)/);
          if (match) {
            out.file = match[1];
            out.line = toNumber(match[2]) - 1;
            out.column = toNumber(match[3]);
            break;
          }
        }
      }
    } catch {
      // A stack that cannot be read (a hostile getter) still leaves the message.
    }
    return out;
  }

  // ---- cells: a notebook scope shared in lesson order -------------------------------------------

  const scope: Record<string, unknown> = createObject(null);
  const reserved: Record<string, true> = { require: true, exports: true, module: true, __cellScope: true };

  /** Run one transformed cell; `names` are its top-level declarations, which later cells will see. */
  async function runCell(code: string, names: string[], filename: string) {
    const own: Record<string, true> = createObject(null);
    for (let i = 0; i < names.length; i++) own[names[i] as string] = true;
    let header = "";
    let saves = "";
    const previous = ownKeys(scope);
    for (let i = 0; i < previous.length; i++) {
      const name = previous[i] as string;
      if (reserved[name] || own[name]) continue;
      header += `let ${name} = __cellScope.${name};`;
      saves += `try { __cellScope.${name} = ${name}; } catch (_) {}`;
    }
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (reserved[name]) continue;
      saves += `try { __cellScope.${name} = ${name}; } catch (_) {}`;
    }
    const wrapped =
      `(async function (__cellScope, require, exports, module, __cellSave) {${header}__cellSave(function () {${saves}});\n` +
      `${code}\n})\n//# sourceURL=${filename}`;
    let save: (() => void) | undefined;
    const started = dateNow();
    try {
      const fn = indirectEval(wrapped);
      await fn(scope, requireModule, {}, { exports: {} }, (s: () => void) => {
        save = s;
      });
      return { ok: true, durationMs: dateNow() - started };
    } catch (error) {
      const described = explainCellError(error, describeError(error));
      return { ok: false, error: described, durationMs: dateNow() - started };
    } finally {
      if (save) save();
    }
  }

  // ---- entry points -----------------------------------------------------------------------------

  function reset(job: {
    modules?: Record<string, ModuleSource>;
    data?: Record<string, string>;
    exercises?: Record<string, CellExercise>;
    maxOutputBytes?: number;
    /**
     * Keep each loaded module whose code, and whose imports' code, is the same as in the last run
     * (cells run one by one in the browser): a Value made in one cell must still be an instance of the
     * Value class a later cell's exercise code checks against. A changed module reloads, and so does
     * every module that imports it.
     */
    keepModules?: boolean;
  }) {
    if (typeof job.maxOutputBytes === "number") maxOutputBytes = job.maxOutputBytes;
    beginRun();
    harness.internal.clearRegistry();
    const previous = sources;
    sources = createObject(null);
    if (job.modules) {
      const keys = ownKeys(job.modules);
      for (let i = 0; i < keys.length; i++) sources[keys[i] as string] = job.modules[keys[i] as string]!;
    }
    cache = job.keepModules ? keptModules(previous) : createObject(null);
    const depKeys = ownKeys(moduleDeps);
    for (let i = 0; i < depKeys.length; i++) if (!(depKeys[i]! in cache)) delete moduleDeps[depKeys[i]!];
    dataSets = createObject(null);
    if (job.data) {
      const keys = ownKeys(job.data);
      for (let i = 0; i < keys.length; i++) dataSets[keys[i] as string] = toText(job.data[keys[i] as string]);
    }
    cellExercises = createObject(null);
    if (job.exercises) {
      const keys = ownKeys(job.exercises);
      for (let i = 0; i < keys.length; i++) {
        const e = job.exercises[keys[i] as string]!;
        cellExercises[keys[i] as string] = {
          specifier: toText(e.specifier),
          filename: toText(e.filename),
          title: toText(e.title),
          reference: e.reference === true,
        };
      }
    }
  }

  /** The cached modules still valid under the new `sources`: same code, and so for all they required. */
  function keptModules(previous: Record<string, ModuleSource>) {
    const valid: Record<string, boolean> = createObject(null);
    const isValid = (spec: string): boolean => {
      if (spec in builtins) return true;
      if (spec in valid) return valid[spec]!;
      valid[spec] = false; // an import cycle counts as changed: reloading is always safe
      const before = previous[spec];
      const now = sources[spec];
      let ok =
        spec in cache && !!before && !!now && before.code === now.code && before.filename === now.filename;
      const deps = moduleDeps[spec] ?? [];
      for (let i = 0; ok && i < deps.length; i++) ok = isValid(deps[i]!);
      valid[spec] = ok;
      return ok;
    };
    const kept: Record<string, any> = createObject(null);
    const specs = ownKeys(cache);
    for (let i = 0; i < specs.length; i++) if (isValid(specs[i]!)) kept[specs[i]!] = cache[specs[i]!];
    return kept;
  }

  /** Start a fresh output budget (each run gets its own 64 KiB). */
  function beginRun() {
    outputs = [];
    outputBytes = 0;
    truncated = false;
    lastProgress = -1;
  }

  function takeOutputs() {
    const taken = outputs;
    outputs = [];
    return { outputs: taken, truncated };
  }

  /**
   * One job for the server isolate, as JSON in and JSON out. The host keeps a reference to this
   * function (made before student code ran) and never looks anything up on the global object.
   */
  async function runJob(jobJson: string): Promise<string> {
    const job = jsonParse(jobJson);
    reset(job);
    const maxResultBytes = toNumber(job.maxResultBytes) || 8 * 1024 * 1024;
    const reply = (value: unknown) => {
      try {
        return serialize(value, maxResultBytes);
      } catch (error) {
        return serialize({ kind: "unserializable", message: errorMessage(error) }, 65536);
      }
    };
    if (job.mode === "cells") {
      const cells: any[] = [];
      for (let i = 0; i < job.cells.length; i++) {
        const cell = job.cells[i];
        const result: any = await runCell(cell.code, cell.names, cell.filename);
        const taken = takeOutputs();
        result.outputs = taken.outputs;
        put(cells, i, result);
        if (!result.ok) break;
      }
      return reply({ kind: "cells", cells, truncated });
    }
    if (job.mode === "tests" || job.mode === "test" || job.mode === "all-tests") {
      try {
        loadEntry(job.entry);
      } catch (error) {
        return reply({ kind: "load-error", error: describeError(error), ...takeOutputs() });
      }
      const tests = harness.internal.listTests();
      if (job.mode === "tests") return reply({ kind: "tests", tests, ...takeOutputs() });
      if (job.mode === "all-tests") {
        // Every visible test in one run, in order (the browser's worker, and the server's fast path).
        // Outputs stream where there is an emitter; otherwise each test takes the outputs it made.
        const before = takeOutputs().outputs;
        const results: any[] = [];
        for (let i = 0; i < tests.length; i++) {
          const record = await harness.internal.runTest(i);
          const result: any = {
            name: tests[i]!.name,
            weight: tests[i]!.weight,
            status: record.status,
            message: record.message,
            durationMs: record.durationMs,
            outputs: i === 0 ? [...before, ...takeOutputs().outputs] : takeOutputs().outputs,
          };
          if (record.error !== undefined) result.error = describeError(record.error);
          put(results, i, result);
        }
        return reply({ kind: "all-tests", tests: results, ...takeOutputs() });
      }
      const record = await harness.internal.runTest(toNumber(job.index));
      const result: any = { kind: "test", status: record.status, message: record.message };
      if (record.error !== undefined) result.error = describeError(record.error);
      return reply({ ...result, ...takeOutputs() });
    }
    if (job.mode === "probes" || job.mode === "probe") {
      try {
        loadEntry(job.entry);
      } catch (error) {
        return reply({ kind: "load-error", error: describeError(error) });
      }
      const probes = harness.internal.listProbes();
      if (job.mode === "probes") return reply({ kind: "probes", probes });
      try {
        const { output, tolerance } = await harness.internal.runProbe(
          toNumber(job.index),
          toNumber(job.seed),
        );
        // Serialize the output on its own so that an unreadable one is an error of this probe.
        let encoded: string;
        try {
          encoded = serialize(output, maxResultBytes);
        } catch (error) {
          return reply({ kind: "probe-error", error: describeError(error), phase: "result" });
        }
        return `{"$":"probe-output","tolerance":${serialize(tolerance, 1024)},"output":${encoded}}`;
      } catch (error) {
        return reply({ kind: "probe-error", error: describeError(error), phase: "run" });
      }
    }
    return reply({ kind: "bad-job", message: `unknown job mode ${toText(job.mode)}` });
  }

  return freeze({
    runJob,
    runCell,
    takeOutputs,
    reset,
    beginRun,
    describeError,
    serialize,
    slice: (s: string, a: number, b?: number) => call(stringSlice, s, a, b),
  });
}

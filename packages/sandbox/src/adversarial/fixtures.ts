import type { TestStatus } from "../server/types.ts";
import { withAdd } from "./exercise.ts";

/** Suite limits: short, so the ~40 hostile runs stay fast. */
export const SUITE_LIMITS = { timeMs: 1000, memoryMiB: 64 } as const;
/** Memory bombs get more time, so that the memory limit (not the clock) is what stops them. */
export const MEMORY_LIMITS = { timeMs: 6000, memoryMiB: 32 } as const;

export type HostileFixture = {
  name: string;
  /** What it tries, in a few words. */
  threat: string;
  submission: string;
  limits?: { timeMs: number; memoryMiB: number };
  /** The status every test of the graded result must get, by test name (and no other tests). */
  expected: Record<string, TestStatus>;
};

const statuses = (
  visibleAdd: TestStatus,
  visibleDouble: TestStatus,
  hiddenAdd: TestStatus,
  hiddenDouble: TestStatus,
) => ({
  "adds small numbers": visibleAdd,
  "doubles a list": visibleDouble,
  "adds random": hiddenAdd,
  "doubles random": hiddenDouble,
});
const loadFailure = (status: TestStatus) => ({
  "loading the submission": status,
  "adds random": status,
  "doubles random": status,
});
const withDouble = (doubleSource: string, prelude = "") =>
  `import { tensor } from "@nanoschool/tensor";\n${prelude}\nexport function add(a: number, b: number): number { return a + b; }\n${doubleSource}\n`;
const declareRequire = "declare const require: (specifier: string) => any;";

export const fixtures: HostileFixture[] = [
  // ---- limits ------------------------------------------------------------------------------
  {
    name: "endless loop",
    threat: "never returns",
    submission: withAdd("export function add(a: number, b: number): number { while (true) {} }"),
    expected: statuses("timeout", "passed", "timeout", "passed"),
  },
  {
    name: "endless loop at import",
    threat: "never finishes loading, so no test can even be listed",
    submission: withAdd("export function add(a: number, b: number) { return a + b; }\nwhile (true) {}"),
    expected: loadFailure("timeout"),
  },
  {
    name: "endless loop inside a tensor op callback",
    threat: "loops inside noGrad(fn), inside the tensor runtime's frame",
    submission: withAdd(
      "export function add(a: number, b: number): number { return noGrad(() => { while (true) {} }) as number; }",
      'import { noGrad } from "@nanoschool/tensor";',
    ),
    expected: statuses("timeout", "passed", "timeout", "passed"),
  },
  {
    name: "endless chain of microtasks",
    threat: "never blocks synchronously, so only the host watchdog can stop it",
    submission: withAdd("export async function add(a: number, b: number) { while (true) await null; }"),
    expected: statuses("timeout", "passed", "timeout", "passed"),
  },
  {
    name: "memory bomb (arrays)",
    threat: "grows the heap without bound",
    submission: withAdd(
      "export function add(a: number, b: number): number { while (true) keep.push(new Array(100000).fill(a)); }",
      "const keep: number[][] = [];",
    ),
    limits: MEMORY_LIMITS,
    expected: statuses("memory", "passed", "memory", "passed"),
  },
  {
    name: "memory bomb (typed arrays)",
    threat: "allocates array buffers outside the JavaScript heap",
    submission: withAdd(
      "export function add(a: number, b: number): number { while (true) keep.push(new Float64Array(1_000_000)); }",
      "const keep: Float64Array[] = [];",
    ),
    limits: MEMORY_LIMITS,
    expected: statuses("memory", "passed", "memory", "passed"),
  },
  {
    name: "memory bomb (strings)",
    threat: "fills the heap with distinct megabyte strings",
    submission: withAdd(
      // charCodeAt flattens the rope that repeat() builds, so each string really takes a megabyte.
      'export function add(a: number, b: number): number { while (true) { const s = "x".repeat(1 << 20) + keep.length; s.charCodeAt(7); keep.push(s); } }',
      "const keep: string[] = [];",
    ),
    limits: MEMORY_LIMITS,
    expected: statuses("memory", "passed", "memory", "passed"),
  },
  {
    name: "deep recursion",
    threat: "overflows the stack",
    submission: withAdd(
      "function down(n: number): number { return down(n + 1) + 1; }\nexport function add(a: number, b: number): number { return down(a + b); }",
    ),
    expected: statuses("error", "passed", "error", "passed"),
  },
  {
    name: "output flood",
    threat: "prints 50,000 lines (over a megabyte) to flood the host",
    submission: withAdd(
      'export function add(a: number, b: number): number { for (let i = 0; i < 50000; i++) console.log("flood " + i); return a + b; }',
    ),
    expected: statuses("passed", "passed", "passed", "passed"),
  },
  {
    name: "busy wait past the limit",
    threat: "a timing attack: runs a little longer than allowed, hoping the limit is checked late",
    submission: withAdd(
      "export function add(a: number, b: number): number { const start = Date.now(); while (Date.now() - start < 1100) {} return a + b; }",
    ),
    expected: statuses("timeout", "passed", "timeout", "passed"),
  },
  {
    name: "clock tampering",
    threat: "freezes Date.now so in-sandbox timing looks short, then overruns the limit",
    submission: withAdd(
      "export function add(a: number, b: number): number { const real = Date.now; const start = real(); Date.now = () => 0; while (real() - start < 1500) {} return a + b; }",
    ),
    expected: statuses("timeout", "passed", "timeout", "passed"),
  },
  {
    name: "never-settling promise",
    threat: "returns a promise that never resolves, which the probe awaits",
    submission: withDouble("export function double(xs: number[]): any { return new Promise(() => {}); }"),
    expected: statuses("passed", "failed", "passed", "timeout"),
  },

  // ---- reaching for the host ------------------------------------------------------------------
  {
    name: "reach for process",
    threat: "uses Node's process object",
    submission: withAdd(
      "declare const process: any;\nexport function add(a: number, b: number): number { return process.pid + a + b; }",
    ),
    expected: statuses("error", "passed", "error", "passed"),
  },
  {
    name: "require node:fs",
    threat: "reads a host file with require",
    submission: withAdd(
      'export function add(a: number, b: number): number { return require("node:fs").readFileSync("/etc/passwd", "utf8").length; }',
      declareRequire,
    ),
    expected: statuses("error", "passed", "error", "passed"),
  },
  {
    name: "dynamic import()",
    threat: "loads node:child_process with import()",
    submission: withAdd(
      'export async function add(a: number, b: number) { const cp: any = await import("node:child_process"); return cp.execSync("id").length; }',
    ),
    // The rejected promise nobody awaits in the visible test fails the run as an error.
    expected: statuses("error", "passed", "error", "passed"),
  },
  {
    name: "fetch to the network",
    threat: "sends data out over HTTP",
    submission: withAdd(
      'declare const fetch: any;\nexport function add(a: number, b: number): number { fetch("http://127.0.0.1:9/leak"); return a + b; }',
    ),
    expected: statuses("error", "passed", "error", "passed"),
  },
  {
    name: "host globals are absent",
    threat: "looks for anything of Node, the browser or isolated-vm on the global object",
    submission: withAdd(`export function add(a: number, b: number): number {
  const g: any = globalThis;
  const names = ["process", "require", "module", "Buffer", "fetch", "XMLHttpRequest", "WebSocket", "importScripts",
    "WebAssembly", "SharedArrayBuffer", "Atomics", "setTimeout", "setInterval", "global", "_ivm", "ivm"];
  const found = names.filter((n) => g[n] !== undefined);
  for (const key of Object.getOwnPropertyNames(g)) {
    const v = g[key];
    if (v && (typeof v === "object" || typeof v === "function") && ("applySync" in v || "derefInto" in v || "copySync" in v)) found.push(key);
  }
  if (found.length > 0) throw new Error("reached " + found.join(", "));
  return a + b;
}`),
    expected: statuses("passed", "passed", "passed", "passed"),
  },
  {
    name: "Function-constructor tricks",
    threat: "climbs constructor chains to a sloppy-mode global, hoping it is the host's",
    submission: withAdd(`export function add(a: number, b: number): number {
  const F = (() => {}).constructor.constructor as FunctionConstructor;
  const outer: any = F("return this")();
  const viaAsync: any = (async () => {}).constructor("return this");
  if (typeof F("return typeof process")() !== "string" || F("return typeof process")() !== "undefined") throw new Error("process");
  if (outer.process || outer.require || typeof viaAsync !== "function") throw new Error("escaped");
  return a + b;
}`),
    expected: statuses("passed", "passed", "passed", "passed"),
  },
  {
    name: "Atomics.wait",
    threat: "blocks the thread on shared memory",
    submission: withAdd(
      "declare const Atomics: any, SharedArrayBuffer: any;\nexport function add(a: number, b: number): number { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return a + b; }",
    ),
    expected: statuses("error", "passed", "error", "passed"),
  },
  {
    name: "isolated-vm references hunted through prototypes",
    threat: "walks every reachable prototype for a handle back into the host",
    submission: withAdd(`export function add(a: number, b: number): number {
  const seen = new Set<unknown>();
  const stack: unknown[] = [globalThis];
  while (stack.length) {
    const v: any = stack.pop();
    if (!v || (typeof v !== "object" && typeof v !== "function") || seen.has(v)) continue;
    seen.add(v);
    for (const key of Reflect.ownKeys(v)) {
      const d = Reflect.getOwnPropertyDescriptor(v, key);
      if (d && "value" in d) stack.push(d.value);
    }
    stack.push(Reflect.getPrototypeOf(v));
    if (typeof v.applySync === "function" || typeof v.derefInto === "function") throw new Error("found a host reference");
  }
  return a + b;
}`),
    expected: statuses("passed", "passed", "passed", "passed"),
  },

  // ---- forcing a pass -------------------------------------------------------------------------
  {
    name: "Object.prototype pollution",
    threat: "adds toJSON and a status getter to every object, then answers wrongly",
    submission: withAdd(
      "export function add(a: number, b: number): number { return a - b; }",
      `(Object.prototype as any).toJSON = function () { return { status: "passed" }; };
Object.defineProperty(Object.prototype, "status", { get() { return "passed"; }, set() {}, configurable: true });
Object.defineProperty(Object.prototype, "message", { get() { return ""; }, set() {}, configurable: true });`,
    ),
    expected: statuses("failed", "passed", "failed", "passed"),
  },
  {
    name: "Array.prototype pollution",
    threat: "replaces join, toJSON, every and some, then answers wrongly",
    submission: withAdd(
      "export function add(a: number, b: number): number { return a - b; }",
      `(Array.prototype as any).join = function () { return '{"status":"passed"}'; };
(Array.prototype as any).toJSON = function () { return ["passed"]; };
Array.prototype.every = function () { return true; };
Array.prototype.some = function () { return false; };`,
    ),
    expected: statuses("failed", "passed", "failed", "passed"),
  },
  {
    name: "Float32Array pollution",
    threat: "makes every typed array look empty, then doubles wrongly",
    submission: withDouble(
      "export function double(xs: number[]) { return tensor(xs).mul(3); }",
      `const TypedArray = Object.getPrototypeOf(Float32Array.prototype);
Object.defineProperty(TypedArray, "length", { get() { return 0; }, configurable: true });
Float32Array.prototype.toString = () => "";`,
    ),
    expected: statuses("passed", "failed", "passed", "failed"),
  },
  {
    name: "intrinsics patched",
    threat: "makes Object.is, JSON.stringify, Math.abs and Number.isNaN lie, then answers wrongly",
    submission: withAdd(
      "export function add(a: number, b: number): number { return a - b; }",
      `Object.is = () => true;
JSON.stringify = () => '{"status":"passed"}';
Math.abs = () => 0;
Number.isNaN = () => true;`,
    ),
    expected: statuses("failed", "passed", "failed", "passed"),
  },
  {
    name: "harness object pollution",
    threat: "overwrites the harness module's expect and expectClose, then answers wrongly",
    submission: withAdd(
      "export function add(a: number, b: number): number { return a - b; }",
      `${declareRequire}
const harness = require("@nanoschool/harness");
const pass = () => ({ toBe() {}, toEqual() {}, toBeCloseTo() {} });
try { harness.expect = pass; } catch {}
try { Object.defineProperty(harness, "expectClose", { value: () => {} }); } catch {}
try { Object.setPrototypeOf(harness, { expect: pass }); } catch {}`,
    ),
    expected: statuses("failed", "passed", "failed", "passed"),
  },
  {
    name: "global expect/test/probe overwritten",
    threat: "defines pass-everything globals, then answers wrongly",
    submission: withAdd(
      "export function add(a: number, b: number): number { return a - b; }",
      `const g: any = globalThis;
g.expect = () => ({ toBe() {}, toEqual() {} });
g.expectClose = () => {};
g.test = () => {};
g.probe = () => {};`,
    ),
    expected: statuses("failed", "passed", "failed", "passed"),
  },
  {
    name: "registering extra tests",
    threat: "adds a free test and a free probe from the submission",
    submission: withAdd(
      "export function add(a: number, b: number): number { return a - b; }",
      `import { probe, test } from "@nanoschool/harness";
try { test("free points", () => {}); } catch {}
try { probe("free probe", { run: () => 1 }); } catch {}`,
    ),
    expected: statuses("failed", "passed", "failed", "passed"),
  },
  {
    name: "Function.prototype.call hijacked",
    threat: "turns every compiled expect(...) call into a no-op, forcing visible passes",
    // Visible tests share the isolate and show their answers, so they can be fooled (as hardcoding
    // would); the hidden probes cannot, and only they count towards the score.
    submission: withAdd(
      "export function add(a: number, b: number): number { return a - b; }",
      `import * as harness from "@nanoschool/harness";
const realApply = Reflect.apply;
const noop: any = new Proxy({}, { get: () => () => {} });
Function.prototype.call = function (this: any, self: unknown, ...args: unknown[]) {
  if (this === harness.expect || this === harness.expectClose) return noop;
  return realApply(this, self, args);
};`,
    ),
    expected: statuses("passed", "passed", "failed", "passed"),
  },
  {
    name: "Array index setters",
    threat:
      "puts setters for indexes 0 and 1 on Array.prototype to drop registered tests and rewrite results",
    submission: withAdd(
      "export function add(a: number, b: number): number { return a - b; }",
      `for (const index of ["0", "1"]) {
  Object.defineProperty(Array.prototype, index, { set() {}, get() { return undefined; }, configurable: true });
}`,
    ),
    expected: statuses("failed", "error", "failed", "error"),
  },
  {
    name: "call counter",
    threat: "answers wrongly on the first call, hoping tests share one warm instance",
    submission: withAdd(
      "export function add(a: number, b: number): number { calls++; return calls > 1 ? a + b : a + b + 1; }",
      "let calls = 0;",
    ),
    expected: statuses("failed", "passed", "failed", "passed"),
  },
  {
    name: "canned answers",
    threat: "replays answers recorded from an earlier run",
    submission: withAdd(
      "export function add(a: number, b: number): number { return a === 2 && b === 3 ? 5 : canned[calls++ % canned.length]!; }",
      "const canned = [977, 1203, 411];\nlet calls = 0;",
    ),
    expected: statuses("passed", "passed", "failed", "passed"),
  },

  // ---- reading and smuggling the hidden tests --------------------------------------------------
  {
    name: "Error.prepareStackTrace",
    threat: "collects functions and receivers from call sites to read the probe's source",
    submission: withAdd(`export function add(a: number, b: number): number {
  let stolen = "";
  (Error as any).prepareStackTrace = (_e: unknown, frames: any[]) => {
    for (const f of frames) {
      try { const fn = f.getFunction(); if (fn) stolen += String(fn); } catch {}
      try { const self = f.getThis(); if (self) stolen += Object.keys(self).join(); } catch {}
    }
    return "";
  };
  void new Error().stack;
  if (stolen.includes("hiddenMarker")) return a + b;
  throw new Error("could not read the probe; got: " + stolen.slice(0, 500));
}`),
    expected: statuses("error", "passed", "error", "passed"),
  },
  {
    name: "caller chain",
    threat: "walks fn.caller from a sloppy function to reach the probe and read its source",
    submission: withAdd(`export function add(a: number, b: number): number {
  const climb = new Function("let f = arguments.callee.caller; let s = ''; for (let i = 0; f && i < 10; i++) { s += String(f); f = f.caller; } return s;");
  const source = String(climb());
  return source.includes("hiddenMarker") ? a + b : -1;
}`),
    expected: statuses("failed", "passed", "failed", "passed"),
  },
  {
    name: "harness closures and modules",
    threat: "reads harness functions' source and requires the test modules to find the probes",
    submission: withAdd(
      `export function add(a: number, b: number): number {
  let found = "";
  for (const s of ["@hidden", "@tests", "@reference", "@solution", "../solution.ts", "./hidden.test.ts"]) {
    try { found += JSON.stringify(Object.keys(require(s))); } catch {}
  }
  const harness = require("@nanoschool/harness");
  for (const key of Object.keys(harness)) found += String(harness[key]);
  return found.includes("adds random") ? a + b : -1;
}`,
      declareRequire,
    ),
    expected: statuses("failed", "passed", "failed", "passed"),
  },
  {
    name: "smuggle through console output",
    threat: "prints stack traces and every global it can see",
    submission: withAdd(
      'export function add(a: number, b: number): number { console.log(new Error("where am I").stack); console.log(Object.getOwnPropertyNames(globalThis).join()); return a + b; }',
    ),
    expected: statuses("passed", "passed", "passed", "passed"),
  },
  {
    name: "smuggle through the error message",
    threat: "throws whatever it could read, hoping the message reaches the student",
    submission: withAdd(
      'export function add(a: number, b: number): number { throw new Error("LEAK " + new Error().stack + String((globalThis as any).__cellScope)); }',
    ),
    expected: statuses("error", "passed", "error", "passed"),
  },
  {
    name: "smuggle through the return value",
    threat: "returns a stack trace instead of a number",
    submission: withAdd(
      "export function add(a: number, b: number): any { return a === 2 && b === 3 ? 5 : String(new Error().stack); }",
    ),
    expected: statuses("passed", "passed", "failed", "passed"),
  },
  {
    name: "smuggle through timing",
    threat: "encodes what it sees in how long it takes",
    submission: withAdd(
      "export function add(a: number, b: number): number { const s = String(new Error().stack); const until = Date.now() + (s.length % 7) * 23; while (Date.now() < until) {} return a + b; }",
    ),
    expected: statuses("passed", "passed", "passed", "passed"),
  },

  // ---- results that blow up when read ------------------------------------------------------------
  {
    name: "getter that loops",
    threat: "returns an object whose getter never returns when the result is read",
    submission: withDouble(
      "export function double(xs: number[]): any { return { get data() { while (true) {} } }; }",
    ),
    expected: statuses("passed", "timeout", "passed", "timeout"),
  },
  {
    name: "hostile proxy",
    threat: "returns a proxy whose traps throw when the result is read",
    submission: withDouble(
      'export function double(xs: number[]): any { return new Proxy({}, { ownKeys() { throw new Error("boom"); }, get() { throw new Error("boom"); }, getPrototypeOf() { return Object.prototype; } }); }',
    ),
    expected: statuses("passed", "failed", "passed", "error"),
  },
  {
    name: "huge result",
    threat: "returns 20 MiB of strings so the copied result is too big",
    submission: withDouble(
      'export function double(xs: number[]): any { return Array.from({ length: 20 }, (_, i) => "x".repeat(1 << 20) + i); }',
    ),
    expected: statuses("passed", "failed", "passed", "error"),
  },
  {
    name: "deeply nested result",
    threat: "returns an array nested 10,000 levels deep",
    submission: withDouble(
      "export function double(xs: number[]): any { let v: any = [1]; for (let i = 0; i < 10000; i++) v = [v]; return v; }",
    ),
    expected: statuses("passed", "failed", "passed", "error"),
  },
  {
    name: "hostile thrown value",
    threat: "throws an object whose message and stack getters never return",
    submission: withAdd(
      "export function add(a: number, b: number): number { throw { get message(): string { while (true) {} }, get stack(): string { while (true) {} } }; }",
    ),
    expected: statuses("timeout", "passed", "timeout", "passed"),
  },
  {
    name: "thrown proxy",
    threat: "throws a proxy whose every trap throws",
    submission: withAdd(
      'export function add(a: number, b: number): number { const trap = () => { throw new Error("trap"); }; throw new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap }); }',
    ),
    expected: statuses("error", "passed", "error", "passed"),
  },
];

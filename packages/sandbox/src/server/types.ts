import type { SourceError } from "../transform/transform.ts";

export type { SourceError };

/** Limits of one sandbox run. Defaults: 10 s, 128 MiB, 64 KiB of output. */
export type Limits = { timeMs?: number; memoryMiB?: number; maxOutputBytes?: number };

export const DEFAULT_LIMITS = { timeMs: 10_000, memoryMiB: 128, maxOutputBytes: 64 * 1024 } as const;

export type PlotSpec = {
  title?: string;
  x?: number[];
  series: { name: string; values: number[] }[];
  kind: "line" | "bar";
  xLabel?: string;
  yLabel?: string;
};

/** One output of a run, in the order it happened. */
export type CellOutput =
  | { kind: "text"; stream: "log" | "info" | "debug" | "warn" | "error"; text: string }
  | { kind: "tensor"; shape: number[]; dtype: string; values: number[]; truncated: boolean; text: string }
  | { kind: "table"; title?: string; columns: string[]; rows: string[][]; truncated: boolean }
  | { kind: "plot"; spec: PlotSpec }
  | { kind: "progress"; fraction: number; label?: string }
  | { kind: "note"; text: string };

/** A runtime error, located in the student's own file when the stack allows (1-based line). */
export type RunError = { message: string; file?: string; line?: number; column?: number };

export type RunStatus = "ok" | "error" | "timeout" | "memory";

export type CellResult = {
  /** "not-run": an earlier cell failed, so this one did not run; "stopped" (browser only): stop() or reset(). */
  status: RunStatus | "not-run" | "stopped";
  outputs: CellOutput[];
  error?: RunError;
  durationMs: number;
};

export type CellInput = string | { code: string; timeMs?: number };

export type TestStatus = "passed" | "failed" | "error" | "timeout" | "memory";

export type VisibleTestResult = {
  name: string;
  status: TestStatus;
  /** What went wrong (assertion message, error text with line), "" when passed. */
  message: string;
  weight: number;
  durationMs: number;
  error?: RunError;
  outputs: CellOutput[];
};

export type VisibleTestsResult = {
  /** "compile-error": the submission (or a test file) does not parse; "load-error": it throws on import. */
  status: "ok" | "compile-error" | "load-error";
  compileError?: SourceError;
  loadError?: RunError;
  /** How loading failed: "error", or "timeout"/"memory" when a limit stopped it. */
  loadStatus?: TestStatus;
  tests: VisibleTestResult[];
};

/** What a hidden test reports: nothing from inside the run, only the verdict and the author's words. */
export type HiddenTestResult = {
  name: string;
  status: TestStatus;
  /** The author's message from exercise.yaml when not passed, "" when passed. */
  message: string;
  weight: number;
  /** Rounded up to 100 ms, so timing carries little information out. */
  durationMs: number;
};

export type HiddenProbesResult = {
  tests: HiddenTestResult[];
  /** Problems of the exercise itself (reference fails, probe not in testMeta...). For authors and logs, not students. */
  authoringErrors: string[];
};

export type TestMeta = Record<string, { weight?: number; message?: string }>;

export type GradeResult = {
  status: "passed" | "failed" | "error";
  score: number;
  maxScore: number;
  durationMs: number;
  compileError?: SourceError;
  tests: {
    name: string;
    visibility: "visible" | "hidden";
    status: TestStatus;
    message: string;
    durationMs: number;
  }[];
  authoringErrors: string[];
};

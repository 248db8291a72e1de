// Runs bench/torch_bench.py with Debian's python3, when torch is installed there.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const python = "/usr/bin/python3";
const script = join(dirname(fileURLToPath(import.meta.url)), "torch_bench.py");

export interface TorchResult {
  version: string;
  threads: number;
  blas: string[];
  matmul?: number[];
  mlp_ms?: number;
  gpt_ms?: number;
  gpt_memory_mib?: number;
  overhead_us?: number;
  overhead_recorded_us?: number;
}

/** Why torch is unavailable, or null when `import torch` works. */
export function torchMissing(): string | null {
  try {
    execFileSync(python, ["-c", "import torch"], { stdio: "ignore" });
    return null;
  } catch {
    return "not installed (apt-get install python3-torch libopenblas0-pthread)";
  }
}

export function runTorch(job: Record<string, unknown>): TorchResult {
  const stdout = execFileSync(python, [script, JSON.stringify(job)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout) as TorchResult;
}

/** "OpenBLAS (libopenblas...so)" or the reference BLAS, from the libraries torch loaded. */
export function describeBlas(libraries: readonly string[]): string {
  const openblas = libraries.find((p) => p.includes("openblas"));
  if (openblas) return `OpenBLAS (${openblas})`;
  const mkl = libraries.find((p) => p.includes("mkl"));
  if (mkl) return `MKL (${mkl})`;
  if (libraries.length > 0) return `${libraries.join(", ")} (not OpenBLAS: expect torch to be ~20x slower)`;
  return "no BLAS library found in the process";
}

/** Per figure, the better of two runs: more GFLOP/s, fewer milliseconds and microseconds. */
export function bestOfTorch(a: TorchResult, b: TorchResult): TorchResult {
  const low = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.min(x, y));
  return {
    ...a,
    matmul: a.matmul?.map((g, i) => Math.max(g, b.matmul?.[i] ?? 0)),
    mlp_ms: low(a.mlp_ms, b.mlp_ms),
    gpt_ms: low(a.gpt_ms, b.gpt_ms),
    overhead_us: low(a.overhead_us, b.overhead_us),
    overhead_recorded_us: low(a.overhead_recorded_us, b.overhead_recorded_us),
  };
}

/// <reference types="node" />
// Model-level rows of the benchmark: the MLP step, the GPT step, the GPT step's peak memory, and the
// per-op overhead on tiny tensors. Ours runs through the public API (nn, optim, autograd).
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setWasmDisabled } from "../src/backend/fast/wasm-runtime.ts";
import { bestMs } from "./measure.ts";
import { modelConfig } from "./models-config.ts";
import { gptStep, mlpStep, tinyAdd } from "./models-ours.ts";
import { tfjsGptStep, tfjsMlpStep, tfjsTinyAdd } from "./models-tfjs.ts";
import { emptyRow, type Row } from "./table.ts";
import { useTfjs } from "./tfjs.ts";
import type { TorchResult } from "./torch.ts";

const tinyOps = 20000;

function withoutWasm<T>(fn: () => T): T {
  setWasmDisabled(true);
  try {
    return fn();
  } finally {
    setWasmDisabled(false);
  }
}

function gptPeakMemoryMiB(): number {
  const script = join(dirname(fileURLToPath(import.meta.url)), "gpt-memory.ts");
  const stdout = execFileSync(process.execPath, [script], { encoding: "utf8" });
  return (JSON.parse(stdout) as { peakGrowthMiB: number }).peakGrowthMiB;
}

export async function modelRows(torch: TorchResult | null, progress: (m: string) => void): Promise<Row[]> {
  const gpt = modelConfig.gpt;
  const rows: Row[] = [];

  progress("MLP step");
  // As many timed runs as PyTorch gets over its two passes (20 each for the MLP, 5 for the GPT)
  const mlpOptions = { minRuns: 40, minMs: 500 };
  const tfCpuMlp = tfjsMlpStep(await useTfjs("cpu"));
  const tfjsCpu = bestMs(tfCpuMlp.step, { minRuns: 5 });
  tfCpuMlp.dispose();
  const tfWasmMlp = tfjsMlpStep(await useTfjs("wasm"));
  const tfjsWasm = bestMs(tfWasmMlp.step, mlpOptions);
  tfWasmMlp.dispose();
  rows.push({
    name: "MLP 784-256-10 fwd+bwd, batch 64",
    unit: "ms",
    ours: bestMs(mlpStep("fast"), mlpOptions),
    oursTs: withoutWasm(() => bestMs(mlpStep("fast"), mlpOptions)),
    reference: bestMs(mlpStep("reference"), { minRuns: 5 }),
    tfjsCpu,
    tfjsWasm,
    torch: torch?.mlp_ms ?? null,
  });

  progress("GPT step");
  const gptOptions = { minRuns: 10, minMs: 2000, warmup: 2 };
  const tfWasmGpt = tfjsGptStep(await useTfjs("wasm"), gpt);
  // tfjs-wasm takes seconds per step here: three timed steps are enough to see it
  const tfjsWasmGpt = bestMs(tfWasmGpt.step, { minRuns: 3, minMs: 0, warmup: 1 });
  tfWasmGpt.dispose();
  rows.push({
    name: "GPT step (4L 4H 128C, T 64, B 16), AdamW",
    unit: "ms",
    ours: bestMs(gptStep("fast", gpt), gptOptions),
    oursTs: withoutWasm(() => bestMs(gptStep("fast", gpt), { minRuns: 3, minMs: 0, warmup: 1 })),
    reference: null,
    tfjsCpu: null,
    tfjsWasm: tfjsWasmGpt,
    torch: torch?.gpt_ms ?? null,
  });

  progress("GPT step memory");
  rows.push({
    name: "GPT step peak RSS growth",
    unit: "MiB",
    ours: gptPeakMemoryMiB(),
    oursTs: null,
    reference: null,
    tfjsCpu: null,
    tfjsWasm: null,
    torch: torch?.gpt_memory_mib ?? null,
  });

  progress("per-op overhead");
  const perOp = (ms: number) => (ms * 1000) / tinyOps;
  const tinyOptions = { minRuns: 5, minMs: 300 };
  const tfjsTiny = async (backend: "cpu" | "wasm") => {
    const t = tfjsTinyAdd(await useTfjs(backend));
    const us = perOp(bestMs(t.run, tinyOptions));
    t.dispose();
    return us;
  };
  rows.push({
    name: "per-op overhead: 2x2 add",
    unit: "µs",
    ours: perOp(bestMs(tinyAdd("fast"), tinyOptions)),
    oursTs: withoutWasm(() => perOp(bestMs(tinyAdd("fast"), tinyOptions))),
    reference: perOp(bestMs(tinyAdd("reference"), tinyOptions)),
    tfjsCpu: await tfjsTiny("cpu"),
    tfjsWasm: await tfjsTiny("wasm"),
    torch: torch?.overhead_us ?? null,
  });
  rows.push({
    ...emptyRow("per-op overhead: 2x2 add, recorded for autograd", "µs"),
    ours: perOp(bestMs(tinyAdd("fast", true), tinyOptions)),
    reference: perOp(bestMs(tinyAdd("reference", true), tinyOptions)),
    torch: torch?.overhead_recorded_us ?? null,
  });
  return rows;
}

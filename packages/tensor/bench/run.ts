/// <reference types="node" />
// npm run bench -w @nanoschool/tensor: one table, every contender measured side by side in this run.
//
// Contenders: ours (fast backend on WebAssembly SIMD, and its pure TypeScript path), our reference
// backend (small sizes only: it is the readable one), TensorFlow.js on its CPU and WebAssembly (SIMD,
// one thread) backends, and PyTorch on one thread when /usr/bin/python3 can import torch.
// Ratios are speedups of ours (the fast backend on WebAssembly): above 1 means ours is faster.
import { cpus, loadavg } from "node:os";
import { kernelFlavour } from "../src/backend/fast/wasm-runtime.ts";
import {
  flopsOf,
  matmulCases,
  oursTypescript,
  oursWasm,
  reference,
  tfjsMatmul,
  warmOurs,
  warmTfjs,
} from "./matmul.ts";
import { bestMs, randomFloats } from "./measure.ts";
import { modelRows } from "./models.ts";
import { modelConfig } from "./models-config.ts";
import { measureSimdCeiling } from "./simd-ceiling.ts";
import { emptyRow, printTable, type Row } from "./table.ts";
import { useTfjs } from "./tfjs.ts";
import { bestOfTorch, describeBlas, runTorch, type TorchResult, torchMissing } from "./torch.ts";
import { startTwoWorkerMatmul } from "./two-workers.ts";

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const started = new Date();
  const loadAtStart = loadavg()[0]!;
  const cases = matmulCases().filter((c) => !quick || flopsOf(c) <= 2 * 256 ** 3);
  const rows: Row[] = [];

  // Torch first, in its own process, while nothing else runs.
  const missing = torchMissing();
  let torch: TorchResult | null = null;
  if (missing === null) {
    progress("PyTorch (one thread)...");
    const gpt = modelConfig.gpt;
    torch = runTorch({ matmul: cases, mlp: true, gpt, overhead: true });
    torch.gpt_memory_mib = runTorch({ gpt_memory: gpt }).gpt_memory_mib;
  }

  // Warm up every WebAssembly contender on every shape before timing anything: V8 runs new
  // WebAssembly code in its baseline tier until the optimizing tier, compiled in the background,
  // lands, and on a loaded machine that takes seconds.
  progress("warming up...");
  const warmUntil = performance.now() + 3000;
  while (performance.now() < warmUntil) {
    for (const c of cases) {
      if (flopsOf(c) > 2 * 256 ** 3) continue;
      warmOurs(c);
      warmTfjs(await useTfjs("wasm"), c);
    }
  }

  // Contenders take turns on each shape, so a burst of load from elsewhere hits them all alike.
  for (const c of cases) {
    progress(c.name);
    const small = flopsOf(c) <= 2 * 512 ** 3;
    // The CPU backend runs near 1 GFLOP/s: 1024 would take seconds per call, so it stops at 512.
    const tfjsCpu = small ? tfjsMatmul(await useTfjs("cpu"), c) : null;
    const tfjsWasm = tfjsMatmul(await useTfjs("wasm"), c);
    rows.push({
      name: c.name,
      unit: "GFLOP/s",
      ours: oursWasm(c),
      oursTs: small ? oursTypescript(c) : null,
      reference: flopsOf(c) <= 2 * 256 ** 3 ? reference(c) : null,
      tfjsCpu,
      tfjsWasm,
      torch: torch?.matmul?.[cases.indexOf(c)] ?? null,
    });
  }

  progress("two threads...");
  const twoThreads = await startTwoWorkerMatmul();
  for (const n of quick ? [256] : [512, 1024]) {
    const a = randomFloats(n * n, 1);
    const b = randomFloats(n * n, 2);
    const ms = bestMs(() => twoThreads.matmul(a, b, n, n, n, false, false));
    rows.push({
      ...emptyRow(`matmul ${n} A@B, 2 threads (bench only)`, "GFLOP/s"),
      ours: (2 * n ** 3) / ms / 1e6,
    });
  }
  await twoThreads.close();

  // What one thread of 128-bit WebAssembly SIMD can do at most: the matmul rows above sit under it.
  progress("SIMD128 ceiling...");
  const ceiling = await measureSimdCeiling();
  rows.push({
    ...emptyRow(
      `SIMD128 ceiling: f32x4 ${ceiling.relaxed ? "FMA" : "mul+add"} on registers, 1 thread`,
      "GFLOP/s",
    ),
    ours: ceiling.gflops,
  });

  if (torch !== null) {
    // PyTorch again at the end, keeping the better figure of its two runs: the machine's load varies
    // over the run, and ours got the whole middle of it to find its best runs in.
    progress("PyTorch again...");
    torch = bestOfTorch(torch, runTorch({ matmul: cases, mlp: true, gpt: modelConfig.gpt, overhead: true }));
    for (const row of rows) {
      const i = cases.findIndex((c) => c.name === row.name);
      if (i >= 0) row.torch = torch.matmul?.[i] ?? null;
    }
  }

  progress("models...");
  rows.push(...(await modelRows(torch, progress)));

  console.log(
    `\n@nanoschool/tensor benchmark, ${started.toISOString().slice(0, 16).replace("T", " ")} UTC` +
      `\nmachine: ${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.versions.node} (V8 ${process.versions.v8})` +
      `\nours: fast backend, kernels = ${kernelFlavour()}, one thread; TS path = the same backend without WebAssembly` +
      `\ntfjs ${(await import("./tfjs.ts")).tfjsVersion}: tfjs-wasm is SIMD on one thread` +
      `\nPyTorch: ${torch ? `${torch.version}, ${torch.threads} thread, BLAS = ${describeBlas(torch.blas)}` : missing}` +
      `\nload average (1 min) at start and end: ${loadAtStart.toFixed(1)} and ${loadavg()[0]!.toFixed(1)} ` +
      `on ${cpus().length} cores; every figure is the best of several timed runs after warm-up` +
      `\nratios: how many times faster ours is (above 1: ours wins)\n`,
  );
  printTable(rows);
}

await main();

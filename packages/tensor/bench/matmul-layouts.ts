/// <reference types="node" />
// Tuning aid for the matmul kernels: ours only (fast backend, WebAssembly), on the benchmark's matmul
// shapes and layouts, best of several runs each, with a repeat column so noise shows. Quick to run
// between kernel changes; the figures worth quoting come from `npm run bench`, side by side with tfjs
// and PyTorch.
//
// Usage: node bench/matmul-layouts.ts [filter] [--rounds=3] [--breakdown]
// `filter` keeps the cases whose name contains it (e.g. 1024, bmm, "A@B^T"). `--breakdown` splits one
// op's time: with a fresh output buffer (as the benchmark and the frontend do), with a reused one,
// allocating that buffer alone, and copying the operands in and C out alone (memcpys of their sizes).
import { loadavg } from "node:os";
import { matmulFast } from "../src/backend/fast/matmul.ts";
import { setWasmDisabled } from "../src/backend/fast/wasm-runtime.ts";
import { flopsOf, type MatmulCase, matmulCases, operands, oursWasm, warmOurs } from "./matmul.ts";
import { bestMs } from "./measure.ts";

const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith("--")) ?? "";
const rounds = Number(args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 3);
const cases = matmulCases().filter((c) => c.name.includes(filter));

function breakdown(c: MatmulCase): string {
  setWasmDisabled(false);
  const { a, b } = operands(c);
  const outLength = c.batch.reduce((p, d) => p * d, 1) * c.m * c.n;
  const reused = new Float32Array(outLength);
  const fresh = bestMs(() => matmulFast(a, b, new Float32Array(outLength)));
  const kept = bestMs(() => matmulFast(a, b, reused));
  const alloc = bestMs(() => new Float32Array(outLength));
  const sink = new Float32Array(a.data.length + b.data.length + outLength);
  const copies = bestMs(() => {
    sink.set(a.data as Float32Array, 0);
    sink.set(b.data as Float32Array, a.data.length);
    reused.set(sink.subarray(0, outLength));
  });
  const g = (ms: number) => (flopsOf(c) / ms / 1e6).toFixed(1);
  return (
    `fresh output ${fresh.toFixed(3)} ms (${g(fresh)} GFLOP/s), reused output ${kept.toFixed(3)} ms ` +
    `(${g(kept)}), allocating it ${alloc.toFixed(3)} ms, copies in and out ${copies.toFixed(3)} ms`
  );
}

const warmUntil = performance.now() + 1500;
while (performance.now() < warmUntil) for (const c of cases) if (flopsOf(c) <= 2 * 256 ** 3) warmOurs(c);

console.log(`load average at start: ${loadavg()[0]!.toFixed(2)}`);
for (const c of cases) {
  if (args.includes("--breakdown")) {
    console.log(`${c.name.padEnd(40)} ${breakdown(c)}`);
    continue;
  }
  const figures: string[] = [];
  for (let r = 0; r < rounds; r++) figures.push(oursWasm(c).toFixed(1));
  console.log(`${c.name.padEnd(40)} ${figures.join("  ")}`);
}
console.log(`load average at end: ${loadavg()[0]!.toFixed(2)}`);

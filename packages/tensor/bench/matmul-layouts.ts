/// <reference types="node" />
// Tuning aid for the matmul kernels: ours only (fast backend, WebAssembly), on the benchmark's matmul
// shapes and layouts, best of several runs each, with a repeat column so noise shows. Quick to run
// between kernel changes; the figures worth quoting come from `npm run bench`, side by side with tfjs
// and PyTorch.
//
// Usage: node bench/matmul-layouts.ts [filter] [--rounds=3]
// `filter` keeps the cases whose name contains it (e.g. 1024, bmm, "A@B^T").
import { loadavg } from "node:os";
import { flopsOf, matmulCases, oursWasm, warmOurs } from "./matmul.ts";

const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith("--")) ?? "";
const rounds = Number(args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 3);
const cases = matmulCases().filter((c) => c.name.includes(filter));

const warmUntil = performance.now() + 1500;
while (performance.now() < warmUntil) for (const c of cases) if (flopsOf(c) <= 2 * 256 ** 3) warmOurs(c);

console.log(`load average at start: ${loadavg()[0]!.toFixed(2)}`);
for (const c of cases) {
  const figures: string[] = [];
  for (let r = 0; r < rounds; r++) figures.push(oursWasm(c).toFixed(1));
  console.log(`${c.name.padEnd(32)} ${figures.join("  ")}`);
}
console.log(`load average at end: ${loadavg()[0]!.toFixed(2)}`);

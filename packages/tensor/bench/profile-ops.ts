/// <reference types="node" />
// Where the time of a training step goes: times every backend primitive the step calls and prints a
// table per primitive (and per unary/binary/reduce op), plus what is left for the frontend (autograd
// bookkeeping, allocation, garbage collection).
//
// Usage: node bench/profile-ops.ts [gpt|mlp] [fast|reference]
import type { Backend } from "../src/backend/backend.ts";
import { fastBackend } from "../src/backend/fast/index.ts";
import { referenceBackend } from "../src/backend/reference/index.ts";
import { modelConfig } from "./models-config.ts";
import { gptStep, mlpStep } from "./models-ours.ts";

const model = process.argv[2] === "mlp" ? "mlp" : "gpt";
const backendName = process.argv[3] === "reference" ? "reference" : "fast";
const backend: Backend = backendName === "fast" ? fastBackend : referenceBackend;
const step = model === "gpt" ? gptStep(backendName, modelConfig.gpt) : mlpStep(backendName);
const steps = model === "gpt" ? 5 : 200;
for (let i = 0; i < 3; i++) step(); // warm up before wrapping

const totals = new Map<string, { ms: number; calls: number }>();
const primitives = [
  "unary",
  "binary",
  "where",
  "reduce",
  "matmul",
  "gather",
  "scatterAdd",
  "copy",
  "softmax",
] as const;
const mutable = backend as unknown as Record<string, (...args: unknown[]) => void>;
for (const name of [...primitives, "softmaxBackward", "layerNorm", "layerNormBackward"]) {
  const original = mutable[name];
  if (typeof original !== "function") continue;
  mutable[name] = (...args: unknown[]) => {
    const t0 = performance.now();
    original(...args);
    const dt = performance.now() - t0;
    const label =
      name === "unary" || name === "binary" || name === "reduce" ? `${name} ${String(args[0])}` : name;
    const entry = totals.get(label) ?? { ms: 0, calls: 0 };
    entry.ms += dt;
    entry.calls++;
    totals.set(label, entry);
  };
}

const t0 = performance.now();
for (let i = 0; i < steps; i++) step();
const stepMs = (performance.now() - t0) / steps;
let inPrimitives = 0;
console.log(`${model} step on the ${backendName} backend: ${stepMs.toFixed(2)} ms\n`);
console.log("| primitive | ms per step | share | calls per step |");
console.log("| --- | ---: | ---: | ---: |");
for (const [label, { ms, calls }] of [...totals.entries()].sort((x, y) => y[1].ms - x[1].ms)) {
  inPrimitives += ms / steps;
  console.log(
    `| ${label} | ${(ms / steps).toFixed(2)} | ${((100 * ms) / steps / stepMs).toFixed(1)}% | ${calls / steps} |`,
  );
}
const rest = stepMs - inPrimitives;
console.log(
  `| frontend, autograd, allocation, GC | ${rest.toFixed(2)} | ${((100 * rest) / stepMs).toFixed(1)}% | |`,
);

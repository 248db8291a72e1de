/// <reference types="node" />
// Tuning aid: the bare WebAssembly GEMM (packing included; no staging, no JS allocation) built with
// other register tiles and block sizes, timed side by side on the benchmark's and the MLP's products.
//
// Usage: node bench/gemm-shapes.ts '[{}, {"kc": 128}, {"mr": 8, "nr": 4}]' [square | attention]
// Each object overrides defaultGemmShape (scripts/build-wasm-gemm.ts); {} is the shipped one.
// On the project machine (Zen 5) 4 x 8 won: 8 x 4 and 12 x 4 were 15-25% slower, and mc 64-256 and
// kc 128-512 were within noise of each other (50-52 GFLOP/s on the MLP's products, against a
// SIMD128 ceiling of 52.5 measured by bench/simd-ceiling.ts).
import { assemble, kernelModuleWat } from "../scripts/build-wasm.ts";
import { defaultGemmShape, type GemmShape } from "../scripts/build-wasm-gemm.ts";
import { bestMs, randomFloats } from "./measure.ts";

interface GemmExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  gemm(...args: number[]): void;
}

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}

interface Case {
  name: string;
  M: number;
  N: number;
  K: number;
  aT: boolean;
  bT: boolean;
}

const square: Case[] = [128, 256, 512, 1024].map((n) => ({
  name: `${n} A@B`,
  M: n,
  N: n,
  K: n,
  aT: false,
  bT: false,
}));
const mlp: Case[] = [
  { name: "512 A@B", M: 512, N: 512, K: 512, aT: false, bT: false },
  { name: "MLP x @ W^T", M: 64, N: 256, K: 784, aT: false, bT: true },
  { name: "MLP g^T @ x", M: 256, N: 784, K: 64, aT: true, bT: false },
];

// One batch entry of the benchmark's bmm and of attention's products (T 64, head size 32).
const attention: Case[] = [
  { name: "bmm 64x32@32x64", M: 64, N: 64, K: 32, aT: false, bT: false },
  { name: "q @ k^T", M: 64, N: 64, K: 32, aT: false, bT: true },
  { name: "att @ v", M: 64, N: 32, K: 64, aT: false, bT: false },
];

const shapes: GemmShape[] = (JSON.parse(process.argv[2] ?? "[{}]") as Partial<GemmShape>[]).map((s) => ({
  ...defaultGemmShape,
  ...s,
}));
const cases = { square, attention }[process.argv[3] ?? ""] ?? mlp;
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const modules: GemmExports[] = [];
for (const shape of shapes) {
  const { instance } = await wasm.instantiate(await assemble(kernelModuleWat(shape), shape.relaxed), {});
  modules.push(instance.exports as GemmExports);
}

const MiB = 1 << 20;
for (const c of cases) {
  const cells = [c.name.padEnd(14)];
  shapes.forEach((shape, i) => {
    const { memory, gemm } = modules[i]!;
    if (memory.buffer.byteLength < 64 * MiB) memory.grow((64 * MiB - memory.buffer.byteLength) / 65536);
    // A at 1 MiB, B at 8, C at 16, packed panels at 24 and 32 (the 1024 case needs 4 MiB each)
    const f32 = new Float32Array(memory.buffer);
    f32.set(randomFloats(c.M * c.K, 1), MiB / 4);
    f32.set(randomFloats(c.K * c.N, 2), (8 * MiB) / 4);
    const [rsA, csA] = c.aT ? [1, c.M] : [c.K, 1];
    const [rsB, csB] = c.bT ? [1, c.K] : [c.N, 1];
    const args = [MiB, rsA, csA, 8 * MiB, rsB, csB, 16 * MiB, c.N, c.M, c.N, c.K, 24 * MiB, 32 * MiB, 0, 0];
    const ms = bestMs(() => gemm(...args), { minRuns: 20, minMs: 300 });
    const { mr, nr, mc, kc } = shape;
    cells.push(`${mr}x${nr} mc ${mc} kc ${kc}: ${((2 * c.M * c.N * c.K) / ms / 1e6).toFixed(1)}`);
  });
  console.log(cells.join("  |  "));
}

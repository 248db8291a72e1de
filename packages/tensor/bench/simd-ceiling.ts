/// <reference types="node" />
// The ceiling of 128-bit WebAssembly SIMD on this core: a loop of f32x4 fused multiply-adds on
// registers only (no loads, no stores), with enough independent accumulators to cover the FMA
// latency. No matmul kernel, ours or tfjs-wasm's, can beat it: it is what "SIMD128 caps near half of
// the fp32 peak" means, measured here rather than quoted, so the table shows how close each gets.
import { assemble } from "../scripts/build-wasm.ts";
import { bestMs } from "./measure.ts";

/** Independent accumulator chains: 12 v128 registers, under the 16 XMM registers V8 allocates from. */
export const chains = 12;
/** Multiply-adds per chain per loop iteration (unrolled, so loop overhead is negligible). */
export const unroll = 8;

function ceilingWat(relaxed: boolean): string {
  const madd = (c: string) =>
    relaxed
      ? `(local.set ${c} (f32x4.relaxed_madd (local.get ${c}) (local.get $m) (local.get $a)))`
      : `(local.set ${c} (f32x4.add (f32x4.mul (local.get ${c}) (local.get $m)) (local.get $a)))`;
  const accs = Array.from({ length: chains }, (_, i) => `$c${i}`);
  const body = Array.from({ length: unroll }, () => accs.map(madd).join(" ")).join("\n        ");
  // c = c * m + a with m just under 1 and a small: the values stay finite and normal forever
  return `(module
  (func (export "spin") (param $iterations i32) (result f32)
    ${accs.map((c) => `(local ${c} v128)`).join(" ")} (local $m v128) (local $a v128) (local $sum v128)
    (local.set $m (f32x4.splat (f32.const 0.999)))
    (local.set $a (f32x4.splat (f32.const 0.001)))
    ${accs.map((c, i) => `(local.set ${c} (f32x4.splat (f32.const ${i})))`).join(" ")}
    (block $done
      (br_if $done (i32.eqz (local.get $iterations)))
      (loop $spin
        ${body}
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br_if $spin (local.get $iterations))))
    ;; the result depends on every chain, so no engine may drop any of them
    ${accs.map((c) => `(local.set $sum (f32x4.add (local.get $sum) (local.get ${c})))`).join(" ")}
    (f32x4.extract_lane 0 (local.get $sum))))
`;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}

export interface SimdCeiling {
  gflops: number;
  relaxed: boolean;
}

/**
 * The compiled loop: spin(iterations) runs iterations * unroll multiply-adds on each of the chains
 * (chain i starts at i and goes c -> 0.999 c + 0.001) and returns the sum of lane 0 of every chain.
 */
export async function loadSpin(): Promise<{ spin: (iterations: number) => number; relaxed: boolean }> {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  let relaxed = true;
  let bytes = await assemble(ceilingWat(true), true);
  if (!wasm.validate(bytes)) {
    relaxed = false;
    bytes = await assemble(ceilingWat(false), false);
  }
  const { instance } = await wasm.instantiate(bytes, {});
  return { spin: (instance.exports as { spin: (iterations: number) => number }).spin, relaxed };
}

/** GFLOP/s of the register-only FMA loop (a multiply-add counts as 2 flops per lane, as in GEMM). */
export async function measureSimdCeiling(): Promise<SimdCeiling> {
  const { spin, relaxed } = await loadSpin();
  const iterations = 200_000;
  const ms = bestMs(() => spin(iterations), { minRuns: 20, minMs: 300 });
  // mul + add without FMA is 2 instructions for the same 8 flops: count flops, not instructions
  return { gflops: (iterations * unroll * chains * 8) / ms / 1e6, relaxed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { gflops, relaxed } = await measureSimdCeiling();
  console.log(`SIMD128 ceiling (${relaxed ? "relaxed_madd" : "mul + add"}): ${gflops.toFixed(1)} GFLOP/s`);
}

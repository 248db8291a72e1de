// Timing helpers shared by the benchmark sections.

/**
 * Best (shortest) wall time of `fn` in milliseconds: warm-up calls first (so the JIT and the
 * WebAssembly tier-up are done), then timed calls until both `minRuns` runs and `minMs` of total
 * time are reached. The best run, as Python's timeit advises: the machine is shared (other work only
 * ever adds time), and every contender is measured the same way.
 */
export function bestMs(
  fn: () => void,
  options: { minRuns?: number; minMs?: number; warmup?: number } = {},
): number {
  const { minRuns = 5, minMs = 300, warmup = 3 } = options;
  // Warm up by count and by time (at least 200 ms): V8 compiles hot WebAssembly with its optimizing
  // tier in the background, and on a busy machine that can take a while to land.
  const warmStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmStart < Math.max(200, minMs / 2); i++) fn();
  const times: number[] = [];
  let total = 0;
  while (times.length < minRuns || total < minMs) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
    if (times.length >= 1000) break;
  }
  times.sort((x, y) => x - y);
  return times[0]!;
}

/** A deterministic array of numbers in [-1, 1). */
export function randomFloats(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

// fp32 matmul throughput (GFLOP/s) of every contender on the same shapes, in this process.
import type { StridedArray } from "../src/backend/backend.ts";
import { matmulFast } from "../src/backend/fast/matmul.ts";
import { setWasmDisabled } from "../src/backend/fast/wasm-runtime.ts";
import { referenceBackend } from "../src/backend/reference/index.ts";
import { bestMs, randomFloats } from "./measure.ts";
import type { Tfjs } from "./tfjs.ts";

export type Layout = "A@B" | "A^T@B" | "A@B^T";

export interface MatmulCase {
  name: string;
  /** Batch dims, then (M, K) @ (K, N). */
  batch: number[];
  m: number;
  k: number;
  n: number;
  layout: Layout;
}

export function matmulCases(): MatmulCase[] {
  const cases: MatmulCase[] = [];
  for (const s of [128, 256, 512, 1024]) {
    for (const layout of ["A@B", "A^T@B", "A@B^T"] as const) {
      cases.push({ name: `matmul ${s} ${layout}`, batch: [], m: s, k: s, n: s, layout });
    }
  }
  cases.push({ name: "bmm (16,4,64,32)@(16,4,32,64)", batch: [16, 4], m: 64, k: 32, n: 64, layout: "A@B" });
  // The bmm's 64 products stacked into one plain product: the same flops, the same A and the same C,
  // but one B (8 KiB) instead of 64 (512 KiB). What separates the two rows is batching's own cost plus
  // staging those extra Bs; what separates both from the square rows is K = 32 (C is as large as A and
  // B together, so copying operands in and C out weighs about 20% of the op).
  cases.push({
    name: "matmul (4096,32)@(32,64), bmm stacked",
    batch: [],
    m: 4096,
    k: 32,
    n: 64,
    layout: "A@B",
  });
  return cases;
}

export function flopsOf(c: MatmulCase): number {
  return 2 * c.batch.reduce((p, d) => p * d, 1) * c.m * c.k * c.n;
}

function contiguous(shape: number[], seed: number): StridedArray {
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return { data: randomFloats(s, seed), shape, strides, offset: 0 };
}

/** A view of the stored (…, cols, rows) matrix as its transpose (…, rows, cols): strides swapped. */
function transposedView(x: StridedArray): StridedArray {
  const nd = x.shape.length;
  const shape = [...x.shape];
  const strides = [...x.strides];
  [shape[nd - 2], shape[nd - 1]] = [shape[nd - 1]!, shape[nd - 2]!];
  [strides[nd - 2], strides[nd - 1]] = [strides[nd - 1]!, strides[nd - 2]!];
  return { ...x, shape, strides };
}

/** The operands as stored (what tfjs and torch get, with transpose flags) and as our views. */
export function operands(c: MatmulCase): {
  aStored: StridedArray;
  bStored: StridedArray;
  a: StridedArray;
  b: StridedArray;
} {
  const aT = c.layout === "A^T@B";
  const bT = c.layout === "A@B^T";
  const aStored = contiguous([...c.batch, ...(aT ? [c.k, c.m] : [c.m, c.k])], 1);
  const bStored = contiguous([...c.batch, ...(bT ? [c.n, c.k] : [c.k, c.n])], 2);
  return {
    aStored,
    bStored,
    a: aT ? transposedView(aStored) : aStored,
    b: bT ? transposedView(bStored) : bStored,
  };
}

type Kernel = (a: StridedArray, b: StridedArray, out: Float32Array) => void;

function gflops(c: MatmulCase, kernel: Kernel): number {
  const { a, b } = operands(c);
  const outLength = c.batch.reduce((p, d) => p * d, 1) * c.m * c.n;
  // A fresh output per call, as the frontend allocates one per op.
  const ms = bestMs(() => kernel(a, b, new Float32Array(outLength)));
  return flopsOf(c) / ms / 1e6;
}

export function oursWasm(c: MatmulCase): number {
  setWasmDisabled(false);
  return gflops(c, matmulFast);
}

export function oursTypescript(c: MatmulCase): number {
  setWasmDisabled(true);
  try {
    return gflops(c, matmulFast);
  } finally {
    setWasmDisabled(false);
  }
}

export function reference(c: MatmulCase): number {
  return gflops(c, referenceBackend.matmul);
}

export function tfjsMatmul(tf: Tfjs, c: MatmulCase): number {
  const { aStored, bStored } = operands(c);
  const a = tf.tensor(aStored.data as Float32Array, aStored.shape as number[]);
  const b = tf.tensor(bStored.data as Float32Array, bStored.shape as number[]);
  const ms = bestMs(() => {
    const out = tf.matMul(a, b, c.layout === "A^T@B", c.layout === "A@B^T");
    out.dataSync(); // read the result back, as our kernel writes it into a JS array
    out.dispose();
  });
  a.dispose();
  b.dispose();
  return flopsOf(c) / ms / 1e6;
}

/** One untimed call of ours on the WebAssembly path, to get V8's optimizing tier going. */
export function warmOurs(c: MatmulCase): void {
  const { a, b } = operands(c);
  setWasmDisabled(false);
  matmulFast(a, b, new Float32Array(c.batch.reduce((p, d) => p * d, 1) * c.m * c.n));
}

/** One untimed call of tfjs, for the same reason. */
export function warmTfjs(tf: Tfjs, c: MatmulCase): void {
  const { aStored, bStored } = operands(c);
  tf.tidy(() => {
    const a = tf.tensor(aStored.data as Float32Array, aStored.shape as number[]);
    const b = tf.tensor(bStored.data as Float32Array, bStored.shape as number[]);
    tf.matMul(a, b, c.layout === "A^T@B", c.layout === "A@B^T").dataSync();
  });
}

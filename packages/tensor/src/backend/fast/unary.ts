// Unary ops: the transcendental ones (exp, tanh, sigmoid, gelu, gelu') run four lanes at a time in
// WebAssembly (see scripts/build-wasm-ops.ts); cheap ones (neg, abs, relu) get a monomorphic JS loop.
// Everything else, and every int32 or WebAssembly-less case, goes to the reference kernel.
import type { Storage, StridedArray, UnaryOp } from "../backend.ts";
import { unary as referenceUnary } from "../reference/elementwise.ts";
import { collapseAxes } from "../reference/strided.ts";
import { unaryOpCodes } from "./kernels.gen.ts";
import { wasmArena } from "./wasm-runtime.ts";

/** Below this many elements the trip into WebAssembly costs more than it saves. */
const wasmMinElements = 32;

/** The run of x as one flat stretch, when x is contiguous (after merging axes) or a broadcast scalar. */
function flatRun(x: StridedArray): { start: number; stride: number; n: number } | null {
  const { shape, strides } = collapseAxes(x.shape, [x.strides]);
  if (shape.length !== 1) return null;
  return { start: x.offset, stride: strides[0]![0]!, n: shape[0]! };
}

function negRun(x: Float32Array, p: number, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = -x[p + i]!;
}

function reluRun(x: Float32Array, p: number, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.max(x[p + i]!, 0); // NaN stays NaN, as in PyTorch
}

export function unaryFast(op: UnaryOp, x: StridedArray, out: Storage): void {
  const run = x.data instanceof Float32Array && out instanceof Float32Array ? flatRun(x) : null;
  if (run === null || run.stride !== 1) {
    referenceUnary(op, x, out);
    return;
  }
  const xd = x.data as Float32Array;
  const o = out as Float32Array;
  if (op === "neg") {
    negRun(xd, run.start, o, run.n);
    return;
  }
  if (op === "relu") {
    reluRun(xd, run.start, o, run.n);
    return;
  }
  const code = (unaryOpCodes as Partial<Record<UnaryOp, number>>)[op];
  const arena = code === undefined || run.n < wasmMinElements ? null : wasmArena();
  if (arena === null) {
    referenceUnary(op, x, out);
    return;
  }
  arena.reset();
  const padded = (run.n + 3) & ~3;
  const src = arena.alloc(padded);
  const dst = arena.alloc(padded);
  const view = arena.f32();
  view.set(xd.subarray(run.start, run.start + run.n), src >> 2);
  arena.kernels.unary(code!, src, dst, padded);
  o.set(arena.f32().subarray(dst >> 2, (dst >> 2) + run.n));
}

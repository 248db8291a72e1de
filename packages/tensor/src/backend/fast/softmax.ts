// Softmax and log-softmax over the last axis in WebAssembly (four lanes of exp at a time), for
// float32 input laid out as contiguous rows, with attention's scale and causal mask folded in; and
// softmax's backward. Other layouts and the WebAssembly-less path use the reference kernels.
import type { StridedArray } from "../backend.ts";
import { softmaxBackward as referenceBackward, softmax as referenceSoftmax } from "../reference/softmax.ts";
import { collapseAxes } from "../reference/strided.ts";
import { wasmArena } from "./wasm-runtime.ts";

export function softmaxFast(
  x: StridedArray,
  out: Float32Array,
  log: boolean,
  scale = 1,
  causal = false,
): void {
  const nd = x.shape.length;
  const n = nd === 0 ? 1 : x.shape[nd - 1]!;
  const total = x.shape.reduce((p, d) => p * d, 1);
  // contiguous rows: the whole array collapses to one run with stride 1
  const collapsed = collapseAxes(x.shape, [x.strides]);
  const contiguous = collapsed.shape.length === 1 && collapsed.strides[0]![0] === 1;
  const arena = x.data instanceof Float32Array && contiguous && n > 0 && total >= 32 ? wasmArena() : null;
  if (arena === null) {
    referenceSoftmax(x, out, log, scale, causal);
    return;
  }
  const rows = total / n;
  arena.reset();
  const src = arena.alloc(total);
  const dst = arena.alloc(total);
  const sums = arena.alloc(rows);
  arena.f32().set((x.data as Float32Array).subarray(x.offset, x.offset + total), src >> 2);
  const T = causal ? (nd >= 2 ? x.shape[nd - 2]! : 1) : 0; // rows per (T, S) matrix; 0: no mask
  arena.kernels.softmax(src, dst, rows, n, log ? 1 : 0, sums, scale, T);
  const view = arena.f32();
  out.set(view.subarray(dst >> 2, (dst >> 2) + total));
  if (log) {
    // log softmax = (x - m) - log(sum of exp(x - m))
    for (let r = 0; r < rows; r++) {
      const logSum = Math.log(view[(sums >> 2) + r]!);
      for (let i = r * n; i < (r + 1) * n; i++) out[i] = out[i]! - logSum;
    }
  }
}

/** dx = scale y (g - sum(g y)) over rows of n, in WebAssembly from 32 elements on. */
export function softmaxBackwardFast(
  y: Float32Array,
  g: Float32Array,
  n: number,
  scale: number,
  dx: Float32Array,
): void {
  const arena = y.length >= 32 && n > 0 ? wasmArena() : null;
  if (arena === null) {
    referenceBackward(y, g, n, scale, dx);
    return;
  }
  arena.reset();
  const [py, pg, pdx] = [arena.alloc(y.length), arena.alloc(y.length), arena.alloc(y.length)];
  const view = arena.f32();
  view.set(y, py >> 2);
  view.set(g, pg >> 2);
  arena.kernels.softmaxBackward(py, pg, pdx, y.length / n, n, scale);
  dx.set(arena.f32().subarray(pdx >> 2, (pdx >> 2) + y.length));
}

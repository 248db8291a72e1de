// gather and scatterAdd (the embedding lookup and its gradient) on float32, with the same walk as
// the reference kernels but each row handed to a top-level loop function: V8 optimizes that once,
// where a per-call closure (the reference's forEachRow callback) is re-optimized on every call.
import type { Storage, StridedArray } from "../backend.ts";
import { contiguousStrides } from "../backend.ts";
import { gather as referenceGather, scatterAdd as referenceScatterAdd } from "../reference/gather.ts";
import { blockOffsets } from "../reference/strided.ts";

function gatherRun(
  x: Float32Array,
  px: number,
  sx: number,
  ind: Int32Array,
  pi: number,
  si: number,
  step: number,
  out: Float32Array,
  po: number,
  n: number,
): void {
  if (si === 0) {
    // one index for the whole row (an embedding lookup): copy a row of x
    const from = px + ind[pi]! * step;
    for (let i = 0; i < n; i++) out[po + i] = x[from + i * sx]!;
  } else {
    for (let i = 0; i < n; i++) out[po + i] = x[px + i * sx + ind[pi + i * si]! * step]!;
  }
}

export function gatherFast(x: StridedArray, dim: number, index: StridedArray, out: Storage): void {
  const nd = index.shape.length;
  if (
    nd === 0 ||
    !(x.data instanceof Float32Array && out instanceof Float32Array && index.data instanceof Int32Array)
  ) {
    referenceGather(x, dim, index, out);
    return;
  }
  const xStrides = x.strides.map((s, d) => (d === dim ? 0 : s)); // the index supplies that coordinate
  const n = index.shape[nd - 1]!;
  const outer = index.shape.slice(0, -1);
  const indexRows = blockOffsets(outer, index.strides.slice(0, -1));
  const xRows = blockOffsets(outer, xStrides.slice(0, -1));
  const [si, sx, step] = [index.strides[nd - 1]!, xStrides[nd - 1]!, x.strides[dim]!];
  for (let r = 0; r < indexRows.length; r++) {
    gatherRun(
      x.data,
      x.offset + xRows[r]!,
      sx,
      index.data,
      index.offset + indexRows[r]!,
      si,
      step,
      out,
      r * n,
      n,
    );
  }
}

function scatterRun(
  target: Float32Array,
  pt: number,
  st: number,
  step: number,
  ind: Int32Array,
  pi: number,
  si: number,
  src: Float32Array,
  ps: number,
  ss: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) target[pt + i * st + ind[pi + i * si]! * step]! += src[ps + i * ss]!;
}

export function scatterAddFast(
  target: Storage,
  targetShape: readonly number[],
  dim: number,
  index: StridedArray,
  src: StridedArray,
): void {
  const nd = index.shape.length;
  if (
    nd === 0 ||
    !(target instanceof Float32Array && src.data instanceof Float32Array && index.data instanceof Int32Array)
  ) {
    referenceScatterAdd(target, targetShape, dim, index, src);
    return;
  }
  const tStrides = contiguousStrides(targetShape);
  const walk = tStrides.map((s, d) => (d === dim ? 0 : s));
  const n = index.shape[nd - 1]!;
  const outer = index.shape.slice(0, -1);
  const indexRows = blockOffsets(outer, index.strides.slice(0, -1));
  const srcRows = blockOffsets(outer, src.strides.slice(0, -1));
  const targetRows = blockOffsets(outer, walk.slice(0, -1));
  const [si, ss, st, step] = [index.strides[nd - 1]!, src.strides[nd - 1]!, walk[nd - 1]!, tStrides[dim]!];
  for (let r = 0; r < indexRows.length; r++) {
    scatterRun(
      target,
      targetRows[r]!,
      st,
      step,
      index.data,
      index.offset + indexRows[r]!,
      si,
      src.data,
      src.offset + srcRows[r]!,
      ss,
      n,
    );
  }
}

// gather and its adjoint scatterAdd (torch.gather / torch.Tensor.scatter_add_ semantics).
import type { Storage, StridedArray } from "../backend.ts";
import { contiguousStrides } from "../backend.ts";
import { forEachRow } from "./strided.ts";

/** out[..., j, ...] = x[..., index[..., j, ...], ...] along `dim`; out is shaped like index. */
export function gather(x: StridedArray, dim: number, index: StridedArray, out: Storage): void {
  // Walk index and x together, with x's stride along `dim` replaced by 0: the index value
  // supplies that coordinate instead.
  const xStrides = x.strides.map((s, d) => (d === dim ? 0 : s));
  const nd = index.shape.length;
  const n = index.shape[nd - 1] ?? 1;
  const [si, sx] = [index.strides[nd - 1] ?? 0, xStrides[nd - 1] ?? 0];
  const step = x.strides[dim] ?? 0;
  const [ind, xd] = [index.data, x.data];
  forEachRow(index.shape, [index.strides, xStrides], [index.offset, x.offset], (starts, row) => {
    const pi = starts[0]!;
    const px = starts[1]!;
    const po = row * n;
    if (si === 0) {
      // One index for the whole row (an embedding lookup): copy a row of x.
      const from = px + ind[pi]! * step;
      for (let i = 0; i < n; i++) out[po + i] = xd[from + i * sx]!;
    } else {
      for (let i = 0; i < n; i++) out[po + i] = xd[px + i * sx + ind[pi + i * si]! * step]!;
    }
  });
}

/** target[..., index[..., j, ...], ...] += src[..., j, ...] along `dim`; target is contiguous. */
export function scatterAdd(
  target: Storage,
  targetShape: readonly number[],
  dim: number,
  index: StridedArray,
  src: StridedArray,
): void {
  const tStrides = contiguousStrides(targetShape);
  const step = tStrides[dim] ?? 0;
  const walkStrides = tStrides.map((s, d) => (d === dim ? 0 : s));
  const nd = index.shape.length;
  const n = index.shape[nd - 1] ?? 1;
  const [si, ss, st] = [index.strides[nd - 1] ?? 0, src.strides[nd - 1] ?? 0, walkStrides[nd - 1] ?? 0];
  const [ind, sd] = [index.data, src.data];
  forEachRow(
    index.shape,
    [index.strides, src.strides, walkStrides],
    [index.offset, src.offset, 0],
    (starts, _row) => {
      const pi = starts[0]!;
      const ps = starts[1]!;
      const pt = starts[2]!;
      for (let i = 0; i < n; i++) target[pt + i * st + ind[pi + i * si]! * step]! += sd[ps + i * ss]!;
    },
  );
}

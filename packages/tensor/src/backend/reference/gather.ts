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
  forEachRow(index.shape, [index.strides, xStrides], [index.offset, x.offset], (starts, row) => {
    for (let i = 0; i < n; i++) {
      const k = index.data[starts[0]! + i * si]!;
      out[row * n + i] = x.data[starts[1]! + i * sx + k * step]!;
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
  forEachRow(
    index.shape,
    [index.strides, src.strides, walkStrides],
    [index.offset, src.offset, 0],
    (starts, _row) => {
      for (let i = 0; i < n; i++) {
        const k = index.data[starts[0]! + i * si]!;
        target[starts[2]! + i * st + k * step]! += src.data[starts[1]! + i * ss]!;
      }
    },
  );
}

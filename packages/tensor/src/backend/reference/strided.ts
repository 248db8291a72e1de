// Walking strided arrays. Every reference kernel visits elements in row-major order of the
// output and needs, for each input, where the current element sits in that input's storage.

/**
 * Merge neighbouring axes that every operand steps through evenly, so a contiguous (or
 * uniformly strided) array becomes one long row: shape (2, 3, 4) with strides (12, 4, 1)
 * collapses to (24) with stride (1). Axes of size 1 are dropped. Returns at least one axis.
 */
export function collapseAxes(
  shape: readonly number[],
  stridesList: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = stridesList.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    // Axis d merges into the previous axis when, for every operand, stepping the previous
    // axis once equals stepping axis d `size` times.
    const mergeable = last >= 0 && stridesList.every((s, k) => outStrides[k]![last] === s[d]! * size);
    if (mergeable) {
      outShape[last]! *= size;
      stridesList.forEach((s, k) => {
        outStrides[k]![last] = s[d]!;
      });
    } else {
      outShape.push(size);
      stridesList.forEach((s, k) => {
        outStrides[k]!.push(s[d]!);
      });
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Visit every row (run along the last axis) of an array of `shape`. For row r, `visit` gets
 * starts[k] = flat position of the row's first element in operand k, and the row's index r
 * (so a contiguous output row starts at r * rowLength). The callback runs once per row, not
 * once per element, and the kernels put their tight loop inside it.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  visit: (starts: number[], row: number) => void,
): void {
  const nd = shape.length;
  const rows = nd <= 1 ? 1 : shape.slice(0, nd - 1).reduce((p, d) => p * d, 1);
  if (rows === 0 || shape[nd - 1] === 0) return;
  const counter = new Array<number>(nd).fill(0); // the multi-index of the current row
  const starts = offsets.slice();
  for (let r = 0; r < rows; r++) {
    visit(starts, r);
    // Advance the odometer over the outer axes (nd-2 down to 0).
    for (let d = nd - 2; d >= 0; d--) {
      if (++counter[d]! < shape[d]!) {
        for (let k = 0; k < starts.length; k++) starts[k]! += strides[k]![d]!;
        break;
      }
      counter[d] = 0;
      for (let k = 0; k < starts.length; k++) starts[k]! -= strides[k]![d]! * (shape[d]! - 1);
    }
  }
}

/**
 * Flat positions of every element of a (small) strided block, relative to its start.
 * Reductions use this table to visit the reduced axes with one simple loop.
 */
export function blockOffsets(shape: readonly number[], strides: readonly number[]): Int32Array {
  const n = shape.reduce((p, d) => p * d, 1);
  const table = new Int32Array(n);
  const nd = shape.length;
  const counter = new Array<number>(nd).fill(0);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    table[i] = pos;
    for (let d = nd - 1; d >= 0; d--) {
      if (++counter[d]! < shape[d]!) {
        pos += strides[d]!;
        break;
      }
      counter[d] = 0;
      pos -= strides[d]! * (shape[d]! - 1);
    }
  }
  return table;
}

// Shape arithmetic shared by the frontend: broadcasting, dims, and shapes in error messages.

/** A shape as error messages print it: [3,4]. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/**
 * Broadcasting, as in NumPy and PyTorch: align shapes at the right; two sizes match when they are
 * equal or one of them is 1. (B, T, C) with (C) gives (B, T, C); (3, 1) with (1, 4) gives (3, 4).
 */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${op}: shapes ${fmt(a)} and ${fmt(b)} cannot be broadcast: size ${da} and size ${db} differ ` +
          `at dimension ${i - n} and neither is 1`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Turn a possibly negative dim (-1 is the last) into an index in [0, ndim). */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  if (!Number.isInteger(dim) || dim < -ndim || dim >= Math.max(ndim, 1)) {
    throw new Error(
      `${op}: dim ${dim} is out of range for a tensor with ${ndim} dimensions (use 0..${ndim - 1} or -${ndim}..-1)`,
    );
  }
  return dim < 0 ? dim + ndim : dim;
}

/** Normalize, sort and de-duplicate a list of dims; undefined means all dims. */
export function normalizeDims(
  op: string,
  dims: number | readonly number[] | undefined,
  ndim: number,
): number[] {
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === "number" ? [dims] : dims;
  return [...new Set(list.map((d) => normalizeDim(op, d, ndim)))].sort((x, y) => x - y);
}

/** Resolve one -1 in a requested shape from the number of elements. */
export function inferShape(
  op: string,
  from: readonly number[],
  requested: readonly number[],
  numel: number,
): number[] {
  const shape = [...requested];
  const unknown = shape.indexOf(-1);
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (unknown >= 0 && shape.lastIndexOf(-1) === unknown && known > 0 && numel % known === 0) {
    shape[unknown] = numel / known;
  }
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || shape.reduce((p, d) => p * d, 1) !== numel) {
    throw new Error(`${op}: cannot reshape ${fmt(from)} (${numel} elements) into ${fmt(requested)}`);
  }
  return shape;
}

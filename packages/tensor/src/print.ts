// toString() that prints like PyTorch, so lesson outputs look like the lectures:
// tensor([[ 0.1000, -2.0000],
//         [ 3.5000,  4.0000]])

const EDGE_ITEMS = 3; // with more than SUMMARIZE_AFTER elements, show 3 at each end of every dim
const SUMMARIZE_AFTER = 1000;

/** Values, by position, of a tensor to print: get(flatIndexOfContiguousLayout). */
export interface Printable {
  readonly shape: readonly number[];
  readonly dtype: "float32" | "int32";
  get(i: number): number;
}

/** Choose one number format for the whole tensor, as PyTorch does, so columns line up. */
function formatter(values: number[], isInt: boolean): (v: number) => string {
  if (isInt) return (v) => String(v);
  const finite = values.filter(Number.isFinite);
  const abs = finite.map(Math.abs).filter((v) => v > 0);
  const maxAbs = abs.length ? Math.max(...abs) : 0;
  const minAbs = abs.length ? Math.min(...abs) : 0;
  const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
  if (finite.every(Number.isInteger) && maxAbs < 1e8) {
    return (v) => (Number.isFinite(v) ? `${v.toFixed(0)}.` : special(v));
  }
  if (maxAbs >= 1e8 || (minAbs > 0 && minAbs < 1e-4) || maxAbs / minAbs > 1000) {
    return (v) => (Number.isFinite(v) ? v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2") : special(v));
  }
  return (v) => (Number.isFinite(v) ? v.toFixed(4) : special(v));
}

export function formatTensor(t: Printable, suffix: string): string {
  const { shape } = t;
  const numel = shape.reduce((p, d) => p * d, 1);
  const summarize = numel > SUMMARIZE_AFTER;
  // Which indices of each dim are shown; -1 marks the "..." gap.
  const shown = shape.map((d) =>
    summarize && d > 2 * EDGE_ITEMS
      ? [
          ...Array.from({ length: EDGE_ITEMS }, (_, i) => i),
          -1,
          ...Array.from({ length: EDGE_ITEMS }, (_, i) => d - EDGE_ITEMS + i),
        ]
      : Array.from({ length: d }, (_, i) => i),
  );
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const values: number[] = [];
  const collect = (dim: number, base: number) => {
    if (dim === shape.length) values.push(t.get(base));
    else for (const i of shown[dim]!) if (i >= 0) collect(dim + 1, base + i * strides[dim]!);
  };
  collect(0, 0);
  const format = formatter(values, t.dtype === "int32");
  const width = Math.max(...values.map((v) => format(v).length), 1);
  const prefix = "tensor(";
  const render = (dim: number, base: number): string => {
    if (dim === shape.length) return format(t.get(base)).padStart(width);
    const parts = shown[dim]!.map((i) => (i < 0 ? "..." : render(dim + 1, base + i * strides[dim]!)));
    if (dim === shape.length - 1) return `[${parts.join(", ")}]`;
    const indent = " ".repeat(prefix.length + dim + 1);
    const newlines = "\n".repeat(shape.length - dim - 1);
    return `[${parts.join(`,${newlines}${indent}`)}]`;
  };
  const body = numel === 0 ? `[]` : render(0, 0);
  const emptyShape = numel === 0 && shape.length > 1 ? `, size=(${shape.join(", ")})` : "";
  return `${prefix}${body}${emptyShape}${suffix})`;
}

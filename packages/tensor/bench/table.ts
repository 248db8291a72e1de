// The benchmark's one table: rows of figures per contender, and the speed ratios of ours.

export type Cell = number | null;

export interface Row {
  name: string;
  unit: "GFLOP/s" | "ms" | "µs" | "MiB";
  ours: Cell;
  oursTs: Cell;
  reference: Cell;
  tfjsCpu: Cell;
  tfjsWasm: Cell;
  torch: Cell;
}

export function emptyRow(name: string, unit: Row["unit"]): Row {
  return {
    name,
    unit,
    ours: null,
    oursTs: null,
    reference: null,
    tfjsCpu: null,
    tfjsWasm: null,
    torch: null,
  };
}

const higherIsBetter = (unit: Row["unit"]) => unit === "GFLOP/s";

function ratio(row: Row, other: Cell): string {
  if (row.ours === null || other === null || other === 0 || row.ours === 0) return "—";
  const r = higherIsBetter(row.unit) ? row.ours / other : other / row.ours;
  return `${r.toFixed(r < 10 ? 2 : 1)}x`;
}

function format(x: Cell, unit: Row["unit"]): string {
  if (x === null) return "—";
  if (unit === "µs" || unit === "ms") return x < 10 ? x.toFixed(2) : x.toFixed(1);
  return x < 10 ? x.toFixed(2) : x.toFixed(1);
}

export function printTable(rows: Row[]): void {
  const header = [
    "benchmark",
    "unit",
    "ours",
    "ours (TS path)",
    "reference",
    "tfjs-cpu",
    "tfjs-wasm",
    "PyTorch",
    "ours vs tfjs-wasm",
    "ours vs PyTorch",
  ];
  const body = rows.map((r) => [
    r.name,
    r.unit,
    format(r.ours, r.unit),
    format(r.oursTs, r.unit),
    format(r.reference, r.unit),
    format(r.tfjsCpu, r.unit),
    format(r.tfjsWasm, r.unit),
    format(r.torch, r.unit),
    ratio(r, r.tfjsWasm),
    ratio(r, r.torch),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (i < 2 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`,
  );
  for (const b of body) console.log(line(b));
}

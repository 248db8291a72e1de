"use client";

import type { CellOutput, RunError } from "@nanoschool/sandbox/types";
import { PlotView } from "./plot-view.tsx";

/** One output of a run: console text, a tensor, a table, a plot, progress or a note. */
export function OutputItem({ output }: { output: CellOutput }) {
  switch (output.kind) {
    case "text":
      return <pre className={`ns-out-text ns-out-${output.stream}`}>{output.text}</pre>;
    case "tensor":
      return <TensorView output={output} />;
    case "table":
      return (
        <div className="ns-out-table">
          {output.title && <div className="ns-out-caption">{output.title}</div>}
          <table>
            <thead>
              <tr>
                {output.columns.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns have no other identity
                  <th key={i}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {output.rows.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no other identity
                <tr key={r}>
                  {row.map((cell, c) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells have no other identity
                    <td key={c}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {output.truncated && <div className="ns-out-note">Only the first rows are shown.</div>}
        </div>
      );
    case "plot":
      return <PlotView spec={output.spec} />;
    case "progress":
      return (
        <div className="ns-out-progress">
          <progress value={output.fraction} max={1} />
          <span>
            {Math.round(output.fraction * 100)}%{output.label ? ` ${output.label}` : ""}
          </span>
        </div>
      );
    case "note":
      return <div className="ns-out-note">{output.text}</div>;
  }
}

type TensorOutput = Extract<CellOutput, { kind: "tensor" }>;

/** A tensor: its shape and dtype, and its values as a grid when it is a vector or a small matrix. */
export function TensorView({ output }: { output: TensorOutput }) {
  const { shape, dtype, values } = output;
  const grid = shape.length <= 2 && !output.truncated && values.length <= 400;
  const cols = shape.length === 2 ? shape[1]! : values.length;
  const rows = shape.length === 2 ? shape[0]! : 1;
  const fmt = (v: number) =>
    dtype === "int32" ? String(v) : Number.isInteger(v) ? v.toFixed(1) : v.toPrecision(4);
  return (
    <figure className="ns-out-tensor">
      <figcaption>
        tensor <code>[{shape.join(", ")}]</code> <span className="ns-dtype">{dtype}</span>
      </figcaption>
      {grid && shape.length > 0 ? (
        <table className="ns-tensor-grid">
          <tbody>
            {Array.from({ length: rows }, (_, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: row index is the identity
              <tr key={r}>
                {Array.from({ length: cols }, (_, c) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: column index is the identity
                  <td key={c}>{fmt(values[r * cols + c] ?? Number.NaN)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <pre>{output.text}</pre>
      )}
    </figure>
  );
}

/** A run's error, with the line of the student's code it happened on. */
export function RunErrorView({ error, status }: { error?: RunError; status: string }) {
  const title =
    status === "timeout"
      ? "Stopped: the run took longer than its time limit."
      : status === "memory"
        ? "Stopped: the run used more memory than allowed."
        : "Error";
  return (
    <div className="ns-out-error" role="alert">
      <strong>{title}</strong>
      {error && (
        <pre>
          {error.line ? `line ${error.line}${error.column ? `:${error.column}` : ""}: ` : ""}
          {error.message}
        </pre>
      )}
    </div>
  );
}

export function OutputList({ outputs }: { outputs: CellOutput[] }) {
  // A training loop reports progress many times: show one bar, at its latest value.
  const lastProgress = outputs.findLastIndex((o) => o.kind === "progress");
  const shown = outputs.filter((o, i) => o.kind !== "progress" || i === lastProgress);
  return (
    <div className="ns-outputs" aria-live="polite">
      {shown.map((output, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: outputs are append-only, so the index is stable
        <OutputItem key={i} output={output} />
      ))}
    </div>
  );
}

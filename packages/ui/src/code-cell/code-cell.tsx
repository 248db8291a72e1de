"use client";

import type { CellOutput, CellResult } from "@nanoschool/sandbox/types";
import { useCallback, useState } from "react";
import { LazyCodeEditor } from "../code-editor/lazy-code-editor.tsx";
import { OutputList, RunErrorView } from "../outputs/output-view.tsx";

/** What a cell needs from the notebook that runs it (the lesson's shared browser sandbox). */
export type CellRunner = {
  run(code: string, options: { timeMs: number; onOutput: (output: CellOutput) => void }): Promise<CellResult>;
  stop(): void;
};

export type CodeCellProps = {
  cellKey: string;
  initialCode: string;
  /** The student's saved edit, if any. */
  savedCode?: string;
  timeMs: number;
  runner: CellRunner;
  extraLibs?: { path: string; content: string }[];
  onCodeChange?: (code: string) => void;
  onRunAllAbove?: () => void;
  /** Lets the notebook run this cell as part of "Run all above". */
  registerRun?: (run: () => Promise<CellResult | null>) => void;
};

type RunState = {
  status: "idle" | "running" | CellResult["status"];
  outputs: CellOutput[];
  result?: CellResult;
};

export function CodeCell(props: CodeCellProps) {
  const [code, setCode] = useState(props.savedCode ?? props.initialCode);
  const [state, setState] = useState<RunState>({ status: "idle", outputs: [] });

  const run = useCallback(async () => {
    setState({ status: "running", outputs: [] });
    const outputs: CellOutput[] = [];
    const result = await props.runner.run(code, {
      timeMs: props.timeMs,
      onOutput: (output) => {
        outputs.push(output);
        setState({ status: "running", outputs: [...outputs] });
      },
    });
    setState({ status: result.status, outputs: result.outputs.length ? result.outputs : outputs, result });
    return result;
  }, [code, props.runner, props.timeMs]);

  props.registerRun?.(run);

  const change = (next: string) => {
    setCode(next);
    props.onCodeChange?.(next);
  };
  const error = state.result?.error;
  return (
    <section className="ns-cell" data-cell={props.cellKey} data-status={state.status}>
      <div className="ns-cell-toolbar">
        {state.status === "running" ? (
          <button type="button" className="ns-stop" onClick={() => props.runner.stop()}>
            Stop
          </button>
        ) : (
          <button type="button" className="ns-run" onClick={() => void run()} title="Run (Shift+Enter)">
            Run
          </button>
        )}
        {props.onRunAllAbove && (
          <button
            type="button"
            className="secondary"
            onClick={props.onRunAllAbove}
            disabled={state.status === "running"}
          >
            Run all above
          </button>
        )}
        <button
          type="button"
          className="secondary"
          onClick={() => change(props.initialCode)}
          disabled={code === props.initialCode}
        >
          Reset
        </button>
        <span className="ns-cell-status" aria-live="polite">
          {state.status === "running"
            ? "Running…"
            : state.result
              ? `${state.result.status === "ok" ? "Done" : state.result.status} in ${Math.round(state.result.durationMs)} ms`
              : ""}
        </span>
      </div>
      <LazyCodeEditor
        modelPath={props.cellKey}
        value={code}
        onChange={change}
        onRun={() => void run()}
        extraLibs={props.extraLibs}
        marker={error?.line ? { line: error.line, column: error.column ?? 1, message: error.message } : null}
        ariaLabel={`Code cell ${props.cellKey}`}
      />
      {(state.outputs.length > 0 || (state.result && state.result.status !== "ok")) && (
        <div className="ns-cell-output">
          <OutputList outputs={state.outputs} />
          {state.result && state.result.status !== "ok" && state.result.status !== "not-run" && (
            <RunErrorView error={error} status={state.result.status} />
          )}
        </div>
      )}
    </section>
  );
}

"use client";

import { CodeCell } from "@nanoschool/ui/code-cell";
import { useCallback, useMemo } from "react";
import { useNotebook, useSavedCode } from "./notebook";

export function NotebookCell(props: {
  order: number;
  cellKey: string;
  code: string;
  savedCode: string | null;
  timeMs: number;
}) {
  const notebook = useNotebook();
  const { save, status } = useSavedCode(notebook.courseId, `cell:${props.cellKey}`, notebook.signedIn);
  const runner = useMemo(
    () => ({
      run: async (
        code: string,
        options: Parameters<Awaited<ReturnType<typeof notebook.sandbox>>["runCell"]>[1],
      ) =>
        // The exercises' code as it is now, for `await useExercise(id)` in this cell.
        (await notebook.sandbox()).runCell(code, { ...options, exercises: notebook.exerciseSources() }),
      stop: () => void notebook.sandbox().then((s) => s.stop()),
    }),
    [notebook],
  );
  const register = useCallback(
    (run: () => Promise<unknown>) => notebook.register(props.order, run as never),
    [notebook, props.order],
  );
  return (
    <div className="notebook-cell" data-save-status={status}>
      <CodeCell
        cellKey={props.cellKey}
        initialCode={props.code}
        savedCode={props.savedCode ?? undefined}
        timeMs={props.timeMs}
        runner={runner}
        extraLibs={notebook.extraLibs}
        onCodeChange={(code) => save(code, props.code)}
        onRunAllAbove={props.order > 0 ? () => void notebook.runAllAbove(props.order) : undefined}
        registerRun={register}
      />
    </div>
  );
}

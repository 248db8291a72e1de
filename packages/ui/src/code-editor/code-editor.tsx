"use client";

import { useEffect, useRef } from "react";
import { setUpMonaco } from "./monaco-setup.ts";

export type EditorMarker = { line: number; column: number; message: string };

export type CodeEditorProps = {
  /** A stable id: the model's URI, so TypeScript sees each cell as its own file. */
  modelPath: string;
  value: string;
  onChange?: (value: string) => void;
  /** Shift+Enter. */
  onRun?: () => void;
  readOnly?: boolean;
  /** Declarations for autocompletion, e.g. the tensor runtime's. */
  extraLibs?: { path: string; content: string }[];
  /** An error to underline in the student's code. */
  marker?: EditorMarker | null;
  ariaLabel?: string;
};

const LINE_HEIGHT = 20;

/** Monaco for one cell: grows with its content, like a notebook cell. */
export default function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<import("monaco-editor").editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once per model path
  useEffect(() => {
    const monaco = setUpMonaco(props.extraLibs ?? []);
    const uri = monaco.Uri.parse(`file:///cells/${props.modelPath}.ts`);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(props.value, "typescript", uri);
    const editor = monaco.editor.create(host.current!, {
      model,
      readOnly: props.readOnly ?? false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 14,
      lineHeight: LINE_HEIGHT,
      automaticLayout: true,
      tabSize: 2,
      renderLineHighlight: "none",
      scrollbar: { alwaysConsumeMouseWheel: false, vertical: "hidden" },
      overviewRulerLanes: 0,
      ariaLabel: props.ariaLabel ?? "Code editor",
      fixedOverflowWidgets: true,
    });
    editorRef.current = editor;
    const resize = () => {
      const height = Math.max(3, model.getLineCount() + 1) * LINE_HEIGHT;
      host.current!.style.height = `${height}px`;
      editor.layout();
    };
    resize();
    const changes = model.onDidChangeContent(() => {
      resize();
      latest.current.onChange?.(model.getValue());
    });
    editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => latest.current.onRun?.());
    return () => {
      changes.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, [props.modelPath]);

  // Outside changes (Reset) replace the text.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== props.value) model.setValue(props.value);
  }, [props.value]);

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    void import("monaco-editor").then((monaco) => {
      const m = props.marker;
      monaco.editor.setModelMarkers(
        model,
        "nanoschool-run",
        m
          ? [
              {
                severity: monaco.MarkerSeverity.Error,
                message: m.message,
                startLineNumber: m.line,
                startColumn: m.column,
                endLineNumber: m.line,
                endColumn: model.getLineMaxColumn(Math.min(m.line, model.getLineCount())),
              },
            ]
          : [],
      );
    });
  }, [props.marker]);

  return <div ref={host} className="ns-code-editor" data-testid="code-editor" />;
}

"use client";

import { type ComponentType, useEffect, useState } from "react";
import type { CodeEditorProps } from "./code-editor.tsx";

let loaded: ComponentType<CodeEditorProps> | null = null;
let loading: Promise<ComponentType<CodeEditorProps>> | null = null;

function loadEditor() {
  loading ??= import("./code-editor.tsx").then((m) => {
    loaded = m.default;
    return m.default;
  });
  return loading;
}

/**
 * The code as plain text first (the page is readable at once), then Monaco once its chunk arrives.
 * Monaco is several megabytes, so it never sits in the page's first JavaScript.
 */
export function LazyCodeEditor(props: CodeEditorProps) {
  const [Editor, setEditor] = useState<ComponentType<CodeEditorProps> | null>(() => loaded);
  useEffect(() => {
    if (!Editor) void loadEditor().then((E) => setEditor(() => E));
  }, [Editor]);
  if (Editor) return <Editor {...props} />;
  return (
    <pre className="ns-code-fallback" data-testid="code-fallback">
      <code>{props.value}</code>
    </pre>
  );
}

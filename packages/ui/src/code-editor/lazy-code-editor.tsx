"use client";

import { type ComponentType, useEffect, useRef, useState } from "react";
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

// Editors mount when their cell comes within this distance of the screen: a lesson has twenty cells,
// and creating twenty Monaco editors at once holds the main thread for hundreds of milliseconds.
const NEAR_SCREEN = "800px 0px";

/**
 * The code as plain text first (the page is readable at once), then Monaco once its chunk arrives
 * and the cell is near the screen. Monaco is several megabytes, so it never sits in the page's first
 * JavaScript.
 */
export function LazyCodeEditor(props: CodeEditorProps) {
  const [Editor, setEditor] = useState<ComponentType<CodeEditorProps> | null>(() => loaded);
  const [near, setNear] = useState(false);
  const placeholder = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (near) return;
    const element = placeholder.current;
    if (!element || typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          setNear(true);
        }
      },
      { rootMargin: NEAR_SCREEN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  useEffect(() => {
    if (near && !Editor) void loadEditor().then((E) => setEditor(() => E));
  }, [near, Editor]);
  if (Editor && near) return <Editor {...props} />;
  return (
    <pre ref={placeholder} className="ns-code-fallback" data-testid="code-fallback">
      <code>{props.value}</code>
    </pre>
  );
}

"use client";

import dynamic from "next/dynamic";
import { useState } from "react";

const CodeEditor = dynamic(() => import("@nanoschool/ui/code-editor"), {
  ssr: false,
  loading: () => <pre className="code-fallback">{initial}</pre>,
});

const initial = `const x = randn([2, 3]);\nprint(x.sum());\n`;

export function PlaygroundCell() {
  const [code, setCode] = useState(initial);
  return <CodeEditor modelPath="playground" value={code} onChange={setCode} />;
}

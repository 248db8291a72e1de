"use client";

import { LazyCodeEditor } from "@nanoschool/ui/code-editor";
import { useState } from "react";

const initial = `const x = randn([2, 3]);\nprint(x.sum());\n`;

export function PlaygroundCell() {
  const [code, setCode] = useState(initial);
  return <LazyCodeEditor modelPath="playground" value={code} onChange={setCode} />;
}

// Monaco from the monaco-editor package, bundled by the app: never from a CDN. This module is only
// ever loaded lazily (the lesson's text shows first), so its weight stays out of the first paint.
import * as monaco from "monaco-editor";

type WorkerFactory = { getWorker(workerId: string, label: string): Worker };

let configured = false;

/** Points Monaco at its web workers and sets up TypeScript for course code. Idempotent. */
export function setUpMonaco(extraLibs: { path: string; content: string }[]): typeof monaco {
  if (configured) return monaco;
  configured = true;
  (globalThis as unknown as { MonacoEnvironment: WorkerFactory }).MonacoEnvironment = {
    getWorker(_workerId, label) {
      if (label === "typescript" || label === "javascript") {
        return new Worker(new URL("monaco-editor/language/typescript/ts.worker.js", import.meta.url), {
          type: "module",
        });
      }
      return new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), {
        type: "module",
      });
    },
  };
  const ts = monaco.typescript.typescriptDefaults;
  ts.setCompilerOptions({
    target: monaco.typescript.ScriptTarget.ES2020,
    module: monaco.typescript.ModuleKind.ESNext,
    moduleResolution: monaco.typescript.ModuleResolutionKind.NodeJs, // finds "@nanoschool/tensor" in the extra libs
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
    lib: ["es2022"],
  });
  ts.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  for (const lib of extraLibs) ts.addExtraLib(lib.content, lib.path);
  return monaco;
}

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { transformModule } from "../transform/transform.ts";

const runtimeFiles = ["serialize", "format", "harness", "runtime"] as const;

let cached: string | undefined;

/**
 * The script the server evaluates in every isolate after the tensor bundle. It evaluates to the
 * runtime's `runJob` function, which the host holds as a reference made before student code runs.
 * Built from the files in src/runtime (read from disk and stripped of types here, so what runs in
 * the isolate does not depend on how the host process itself was loaded).
 */
export function serverRuntimeSource(): string {
  if (cached !== undefined) return cached;
  let script = '(function () {\n"use strict";\nconst __m = {};\n';
  for (const name of runtimeFiles) {
    const path = fileURLToPath(new URL(`../runtime/${name}.ts`, import.meta.url));
    const result = transformModule(readFileSync(path, "utf8"), `${name}.ts`);
    if (!result.ok) throw new Error(`sandbox runtime ${name}.ts does not compile: ${result.error.message}`);
    script += `(function (exports, require) {\n${result.code}\n})(__m[${JSON.stringify(name)}] = {}, undefined);\n`;
  }
  script +=
    "const runtime = __m.runtime.createSandboxRuntime(globalThis, {\n" +
    "  createSerializer: __m.serialize.createSerializer,\n" +
    "  createFormatter: __m.format.createFormatter,\n" +
    "  createHarness: __m.harness.createHarness,\n" +
    "  maxOutputBytes: 65536,\n" +
    "});\nreturn runtime.runJob;\n})()";
  cached = script;
  return script;
}

// Copies the tensor runtime's browser bundle and its type declarations into public/runtime/, where the
// cell sandbox (a worker) and the editor (autocompletion) fetch them from the app's own origin.
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const out = path.resolve(import.meta.dirname, "../public/runtime");
mkdirSync(out, { recursive: true });
for (const [specifier, name] of [
  ["@nanoschool/tensor/global", "tensor.global.js"],
  ["@nanoschool/tensor/types", "tensor.d.ts"],
] as const) {
  copyFileSync(require.resolve(specifier), path.join(out, name));
}
// Course data sets (names, stories) for `loadData(name)` in cells: shipped with the app, never downloaded.
const curriculum = path.resolve(import.meta.dirname, "../../../curriculum");
for (const course of readdirSync(curriculum, { withFileTypes: true })) {
  const dataDir = path.join(curriculum, course.name, "data");
  if (!course.isDirectory() || !existsSync(dataDir)) continue;
  const target = path.join(out, "data", course.name);
  mkdirSync(target, { recursive: true });
  const names: string[] = [];
  for (const file of readdirSync(dataDir)) {
    if (!file.endsWith(".txt")) continue;
    copyFileSync(path.join(dataDir, file), path.join(target, file));
    names.push(file.slice(0, -".txt".length));
  }
  writeFileSync(path.join(target, "index.json"), JSON.stringify(names.sort()));
}
console.log(`runtime copied to ${path.relative(process.cwd(), out)}`);

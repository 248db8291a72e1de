/// <reference path="./sucrase-parser.d.ts" />
import { transform } from "sucrase";
import { parse } from "sucrase/dist/parser/index.js";

/** Where a student's code failed to parse, in their own file's coordinates (1-based). */
export type SourceError = { file: string; line: number; column: number; message: string };

export type TransformResult = { ok: true; code: string } | { ok: false; error: SourceError };
export type CellTransformResult =
  | { ok: true; code: string; names: string[] }
  | { ok: false; error: SourceError };

// Sucrase's IdentifierRole values for names declared at the top level of a file.
const TOP_LEVEL_DECLARATION = 2;
const OBJECT_SHORTHAND_TOP_LEVEL_DECLARATION = 5;

function sourceError(file: string, error: unknown): SourceError {
  const loc = (error as { loc?: { line?: number; column?: number } }).loc;
  const raw = error instanceof Error ? error.message : String(error);
  // Sucrase appends "(line:column)" to its messages; we report the position separately.
  const message = raw.replace(/\s*\(\d+:\d+\)\s*$/, "").replace(/^Error transforming [^:]*: /, "");
  return {
    file,
    line: typeof loc?.line === "number" ? loc.line : 1,
    column: typeof loc?.column === "number" ? loc.column : 1,
    message: `${message}. Check the syntax near line ${loc?.line ?? 1}, column ${loc?.column ?? 1}.`,
  };
}

/**
 * TypeScript module -> CommonJS-style JavaScript the sandbox's module system evaluates. Types are
 * stripped and imports become require() calls; line numbers are kept, so a runtime error's line is
 * the student's own line.
 */
export function transformModule(source: string, file: string): TransformResult {
  try {
    const out = transform(source, {
      transforms: ["typescript", "imports"],
      disableESTransforms: true,
      filePath: file,
    });
    return { ok: true, code: out.code };
  } catch (error) {
    return { ok: false, error: sourceError(file, error) };
  }
}

/**
 * A notebook cell: like a module, plus the names it declares at its top level, which the runtime
 * hands on to later cells. Top-level await is allowed (the runtime runs a cell as an async function).
 */
export function transformCell(source: string, file: string): CellTransformResult {
  const module = transformModule(source, file);
  if (!module.ok) return module;
  let names: string[];
  try {
    const tokens = parse(source, false, true, false).tokens;
    const found = new Set<string>();
    for (const token of tokens) {
      const role = token.identifierRole;
      if (token.isType || (role !== TOP_LEVEL_DECLARATION && role !== OBJECT_SHORTHAND_TOP_LEVEL_DECLARATION))
        continue;
      found.add(source.slice(token.start, token.end));
    }
    names = [...found];
  } catch (error) {
    return { ok: false, error: sourceError(file, error) };
  }
  return { ok: true, code: module.code, names };
}

import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import type { ProblemCollector } from "./problems.ts";

/**
 * Parses YAML text and checks it against a zod schema, reporting every problem with the line of the
 * field it concerns. `firstLine` is the file line the text starts on (front matter starts on line 2).
 * Returns undefined when the text is not YAML at all, after adding each problem to `problems`.
 */
export type ParsedYaml<T> = {
  /** The checked document; undefined when it broke a schema rule (each broken rule is a problem). */
  data: T | undefined;
  /** The document as plain JS, checked or not, so a loader can go on and find further problems. */
  raw: unknown;
  /** The file line of the field at `path` (its key), for problems found after parsing. */
  lineOf(path: readonly (string | number)[]): number;
};

export function parseYaml<S extends z.ZodType>(
  text: string,
  schema: S,
  where: { file: string; firstLine: number; what: string },
  problems: ProblemCollector,
): ParsedYaml<z.infer<S>> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toFileLine = (offset: number) => where.firstLine + lineCounter.linePos(offset).line - 1;
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const firstLine = error.message.split("\n")[0] ?? error.message;
      problems.add(where.file, toFileLine(error.pos[0]), `${where.what} is not valid YAML: ${firstLine}`);
    }
    return undefined;
  }
  const raw: unknown = doc.toJS();
  const parsed = schema.safeParse(raw);
  const result = {
    raw,
    lineOf: (path: readonly (string | number)[]) => lineOf(doc.contents, path, toFileLine, true),
  };
  if (parsed.success) return { ...result, data: parsed.data };
  for (const issue of parsed.error.issues) {
    const path = issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment));
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const line = lineOf(doc.contents, [...path, key], toFileLine, true);
        const at = path.length ? ` in ${path.join(".")}` : "";
        problems.add(
          where.file,
          line,
          `${where.what}: unknown field "${key}"${at}; remove it or check its spelling`,
        );
      }
      continue;
    }
    const line = lineOf(doc.contents, path, toFileLine, false);
    const field = path.length ? `"${path.join(".")}" ` : "";
    problems.add(where.file, line, `${where.what}: ${field}${describeIssue(issue)}`);
  }
  return { ...result, data: undefined };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.input === undefined) return `is required (${issue.message})`;
  return issue.message;
}

/** The file line of the node at `path` (or of its key), falling back to the nearest existing parent. */
function lineOf(
  root: unknown,
  path: readonly (string | number)[],
  toFileLine: (offset: number) => number,
  preferKey: boolean,
): number {
  let node: unknown = root;
  let best = rangeStart(root);
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      if (keyStart !== undefined) best = keyStart;
      if (last && preferKey) break;
      node = pair.value;
      const valueStart = rangeStart(node);
      if (valueStart !== undefined && !(last && isMap(node))) best = valueStart;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      const start = rangeStart(node);
      if (start === undefined) break;
      best = start;
    } else {
      break;
    }
  }
  return best === undefined ? toFileLine(0) : toFileLine(best);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
}

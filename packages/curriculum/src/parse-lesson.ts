import markdownItKatexModule from "@vscode/markdown-it-katex";
import katex from "katex";
import MarkdownIt from "markdown-it";
import type { Aside, AsideKind, Cell, LessonElement, Section } from "./model.ts";
import type { ProblemCollector } from "./problems.ts";
import { kebabCase } from "./schema.ts";

export const defaultCellTimeoutMs = 10_000;
const maxCellTimeoutMs = 120_000;

export type SplitFrontMatter = {
  /** The YAML between the `---` lines; undefined when the file has no front matter block. */
  yaml: string | undefined;
  /** File line where the YAML starts. */
  yamlLine: number;
  body: string;
  /** File line where the body starts. */
  bodyLine: number;
};

/** Splits `---\n yaml \n---\n body`; reports a block that is opened but never closed. */
export function splitFrontMatter(source: string, file: string, problems: ProblemCollector): SplitFrontMatter {
  const lines = source.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") {
    problems.add(
      file,
      1,
      "lesson.md must start with front matter: a line `---`, then `title:` and `summary:`, then `---`",
    );
    return { yaml: undefined, yamlLine: 1, body: source, bodyLine: 1 };
  }
  const close = lines.findIndex((line, index) => index > 0 && line.trim() === "---");
  if (close < 0) {
    problems.add(file, 1, "the front matter opened on line 1 is never closed: add a line `---` after it");
    return { yaml: undefined, yamlLine: 2, body: "", bodyLine: lines.length + 1 };
  }
  return {
    yaml: lines.slice(1, close).join("\n"),
    yamlLine: 2,
    body: lines.slice(close + 1).join("\n"),
    bodyLine: close + 2,
  };
}

// The same parser settings and math plugin the UI renders with (packages/ui render-lesson.ts), so a
// heading, a fence or a `$...$` means here what it means on the page. The plugin is CommonJS with an
// `exports.default`, which Node's ESM import does not unwrap the way a bundler does.
type MarkdownItPlugin = (md: InstanceType<typeof MarkdownIt>) => void;
const markdownItKatex =
  (markdownItKatexModule as unknown as { default?: MarkdownItPlugin }).default ??
  (markdownItKatexModule as unknown as MarkdownItPlugin);
const markdown = new MarkdownIt({ html: false }).use(markdownItKatex);
const headingPattern = /^(.*?)\s*\{#([^}]*)\}\s*$/;
const placementPattern = /^::exercise\{id=([^}\s]+)\}$/;
const asideKinds: Record<string, AsideKind> = { NOTE: "note", WARNING: "warning", TRY: "try" };

/**
 * Turns a lesson's Markdown body into sections with their cells, asides and exercise placements, each
 * with its file line. `bodyLine` is the file line the body starts on.
 */
export function parseLessonBody(
  body: string,
  bodyLine: number,
  file: string,
  problems: ProblemCollector,
): Section[] {
  const tokens = markdown.parse(body, {});
  const bodyLines = body.split(/\r?\n/);
  const lineOf = (map: [number, number] | null | undefined) => bodyLine + (map?.[0] ?? 0);

  const intro: Section = {
    id: "intro",
    title: "Introduction",
    file,
    line: bodyLine,
    position: 0,
    body: "",
    elements: [],
  };
  const sections: Section[] = [intro];
  let current = intro;
  const cellCounts = new Map<string, { run: number; static: number }>();
  const add = (element: LessonElement) => current.elements.push(element);

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type === "heading_open" && token.tag === "h2") {
      const inline = tokens[index + 1];
      const line = lineOf(token.map);
      const text = inline?.content ?? "";
      const match = headingPattern.exec(text);
      let id: string;
      let title: string;
      if (!match) {
        title = text.trim();
        id = `untitled-${sections.length}`;
        problems.add(
          file,
          line,
          `section "${title}" has no id: write it as \`## ${title} {#some-id}\` (kebab-case, unique in the course)`,
        );
      } else {
        title = match[1]!.trim();
        id = match[2]!.trim();
        if (!kebabCase.test(id)) {
          problems.add(
            file,
            line,
            `section id "${id}" must be kebab-case (lowercase letters, digits and single dashes)`,
          );
        } else if (id === "intro") {
          problems.add(
            file,
            line,
            `section id "intro" is reserved for the text before the first \`##\`; choose another id`,
          );
        }
      }
      current = { id, title, file, line, position: sections.length, body: "", elements: [] };
      sections.push(current);
      continue;
    }
    if (token.type === "fence") {
      add(parseFence(token.info, token.content, lineOf(token.map), current.id, file, cellCounts, problems));
      continue;
    }
    if (token.type === "math_block") {
      checkMath(token.content, true, lineOf(token.map), file, problems);
      continue;
    }
    if (token.type === "inline") {
      for (const child of token.children ?? []) {
        if (child.type !== "math_inline") continue;
        const offset = token.content.split("\n").findIndex((text) => text.includes(child.content));
        checkMath(child.content, false, lineOf(token.map) + Math.max(0, offset), file, problems);
      }
    }
    if (token.type === "blockquote_open") {
      const aside = parseAside(
        tokens,
        index,
        bodyLines,
        lineOf(token.map),
        token.map,
        current.id,
        file,
        problems,
      );
      if (aside) add(aside);
      continue;
    }
    if (token.type === "inline" && tokens[index - 1]?.type === "paragraph_open") {
      const first = lineOf(tokens[index - 1]!.map);
      token.content.split("\n").forEach((text, offset) => {
        const trimmed = text.trim();
        if (!trimmed.startsWith("::exercise")) return;
        const match = placementPattern.exec(trimmed);
        if (!match) {
          problems.add(
            file,
            first + offset,
            "an exercise placement is written `::exercise{id=<exercise-folder>}` on its own line",
          );
          return;
        }
        add({ kind: "exercise", exerciseId: match[1]!, sectionId: current.id, file, line: first + offset });
      });
    }
  }

  // Section bodies are the source lines between one heading and the next.
  for (const [position, section] of sections.entries()) {
    const start = position === 0 ? bodyLine : section.line + 1;
    const end = sections[position + 1]?.line ?? bodyLine + bodyLines.length;
    section.body = bodyLines
      .slice(start - bodyLine, end - bodyLine)
      .join("\n")
      .trim();
  }
  // An empty intro (the lesson starts with its first `##`) is not a section.
  if (intro.body === "" && intro.elements.length === 0) {
    sections.shift();
    sections.forEach((section, position) => {
      section.position = position;
    });
  }
  return sections;
}

function parseFence(
  info: string,
  code: string,
  line: number,
  sectionId: string,
  file: string,
  counts: Map<string, { run: number; static: number }>,
  problems: ProblemCollector,
): Cell {
  const [lang = "", ...words] = info.trim().split(/\s+/).filter(Boolean);
  const count = counts.get(sectionId) ?? { run: 0, static: 0 };
  counts.set(sectionId, count);
  const isTs = lang === "ts" || lang === "typescript";
  if (!isTs || words[0] !== "run") {
    if (isTs && words.length > 0) {
      problems.add(
        file,
        line,
        `unknown fence attributes "${words.join(" ")}": a runnable cell is \`\`\`ts run, a static block is \`\`\`ts`,
      );
    }
    count.static += 1;
    return {
      kind: "static",
      id: `${sectionId}-static-${count.static}`,
      sectionId,
      lang,
      code,
      file,
      line,
      codeLine: line + 1,
    };
  }
  count.run += 1;
  let id = `${sectionId}-${count.run}`;
  let timeoutMs = defaultCellTimeoutMs;
  for (const word of words.slice(1)) {
    const [key, value = ""] = word.split("=", 2) as [string, string?];
    if (key === "id" && kebabCase.test(value)) id = value;
    else if (key === "id") problems.add(file, line, `cell id "${value}" must be kebab-case`);
    else if (
      key === "timeout" &&
      /^\d+$/.test(value) &&
      Number(value) > 0 &&
      Number(value) <= maxCellTimeoutMs
    )
      timeoutMs = Number(value);
    else if (key === "timeout")
      problems.add(
        file,
        line,
        `cell timeout "${value}" must be a whole number of milliseconds between 1 and ${maxCellTimeoutMs}`,
      );
    else
      problems.add(
        file,
        line,
        `unknown cell attribute "${word}": a runnable cell takes only id=<kebab-id> and timeout=<ms>`,
      );
  }
  return { kind: "runnable", id, sectionId, code, timeoutMs, file, line, codeLine: line + 1 };
}

function parseAside(
  tokens: ReturnType<typeof markdown.parse>,
  index: number,
  bodyLines: string[],
  line: number,
  map: [number, number] | null,
  sectionId: string,
  file: string,
  problems: ProblemCollector,
): Aside | undefined {
  // The marker is the first line of the quote's first paragraph: `> [!NOTE]`.
  const firstInline = tokens.slice(index + 1).find((token) => token.type === "inline");
  const marker = /^\[!([A-Za-z]+)\]\s*$/.exec(firstInline?.content.split("\n")[0] ?? "");
  if (!marker) return undefined; // an ordinary quote
  const kind = asideKinds[marker[1]!.toUpperCase()];
  if (!kind) {
    problems.add(file, line, `unknown aside "[!${marker[1]}]": use [!NOTE], [!WARNING] or [!TRY]`);
    return undefined;
  }
  const [start, end] = map ?? [0, 0];
  const text = bodyLines
    .slice(start, end)
    .map((source) => source.replace(/^\s*>\s?/, ""))
    .slice(1)
    .join("\n")
    .trim();
  return { kind: "aside", aside: kind, sectionId, text, file, line };
}

/** Math must render with KaTeX, as the lesson page will render it. */
function checkMath(
  latex: string,
  displayMode: boolean,
  line: number,
  file: string,
  problems: ProblemCollector,
): void {
  try {
    katex.renderToString(latex, { displayMode, throwOnError: true, strict: "ignore" });
  } catch (error) {
    const message = (error as Error).message
      .replace(/^KaTeX parse error: /, "")
      .replace(/\s+/g, " ")
      .trim();
    problems.add(
      file,
      line,
      `math does not render with KaTeX: ${message} (in ${displayMode ? "$$" : "$"}${latex.trim()}${displayMode ? "$$" : "$"})`,
    );
  }
}

import katexPlugin from "@vscode/markdown-it-katex";
import MarkdownIt from "markdown-it";

// Lesson Markdown -> an ordered list of segments: prose as HTML (rendered on the server, so the text and
// math arrive with the page and cost no JavaScript), and the places where a runnable cell or an exercise
// panel goes (rendered by client components). Raw HTML in Markdown is off: lesson text cannot inject markup.

export type LessonSegment =
  | { kind: "html"; html: string }
  /** The n-th runnable cell of the section (n from 0), with its fence attributes (`id=…`, `timeout=…`). */
  | { kind: "cell"; index: number; code: string; attrs: Record<string, string> }
  | { kind: "exercise"; exerciseId: string };

const ASIDES = { NOTE: "Note", WARNING: "Warning", TRY: "Try it" } as const;
const EXERCISE_DIRECTIVE = /^::exercise\{id=([a-z0-9-]+)\}$/;

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
type Token = ReturnType<typeof md.parse>[number];
// Unknown macros and bad input render as red source text instead of failing the page.
md.use(katexPlugin, { throwOnError: false, strict: "ignore" } as never);

/** `ts run id=counts timeout=20000` -> { run: true, attrs } */
export function parseFenceInfo(info: string): { lang: string; run: boolean; attrs: Record<string, string> } {
  const [lang = "", ...rest] = info.trim().split(/\s+/);
  const attrs: Record<string, string> = {};
  let run = false;
  for (const part of rest) {
    if (part === "run") run = true;
    else {
      const eq = part.indexOf("=");
      if (eq > 0) attrs[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return { lang, run, attrs };
}

/** Turns `> [!NOTE]` blockquotes into labelled asides, in place. */
function markAsides(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    if (open.type !== "blockquote_open") continue;
    const inline = tokens[i + 2];
    const match =
      inline?.type === "inline" ? inline.content.match(/^\[!(NOTE|WARNING|TRY)\][ \t]*\n?/) : null;
    if (!match || !inline) continue;
    const kind = match[1] as keyof typeof ASIDES;
    inline.content = inline.content.slice(match[0].length);
    // Re-parse the remaining inline content so emphasis and math still work.
    inline.children = [];
    md.inline.parse(inline.content, md, {}, inline.children);
    open.tag = "aside";
    open.attrSet("class", `aside aside-${kind.toLowerCase()}`);
    open.attrSet("data-label", ASIDES[kind]);
    let depth = 0;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.type === "blockquote_open") depth++;
      if (t.type === "blockquote_close" && --depth === 0) {
        t.tag = "aside";
        break;
      }
    }
  }
}

// Lesson versions are immutable, so the same source always renders the same segments: keep recent ones
// (KaTeX and markdown-it cost tens of milliseconds per lesson on every request otherwise).
const RENDERED_LIMIT = 512;
const rendered = new Map<string, readonly LessonSegment[]>();

export function renderLessonMarkdown(source: string): readonly LessonSegment[] {
  const hit = rendered.get(source);
  if (hit) {
    rendered.delete(source); // re-insert: the Map's order is the recency order
    rendered.set(source, hit);
    return hit;
  }
  const segments = renderUncached(source);
  rendered.set(source, segments);
  if (rendered.size > RENDERED_LIMIT) rendered.delete(rendered.keys().next().value as string);
  return segments;
}

function renderUncached(source: string): LessonSegment[] {
  const env = {};
  const tokens = md.parse(source, env);
  markAsides(tokens);
  const segments: LessonSegment[] = [];
  let pending: Token[] = [];
  let cellIndex = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const html = md.renderer.render(pending, md.options, env);
    if (html.trim()) segments.push({ kind: "html", html });
    pending = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === "fence" && token.level === 0) {
      const info = parseFenceInfo(token.info);
      if (info.run) {
        flush();
        segments.push({ kind: "cell", index: cellIndex++, code: token.content, attrs: info.attrs });
        continue;
      }
    }
    if (token.type === "paragraph_open" && token.level === 0) {
      const directive = tokens[i + 1]?.content.trim().match(EXERCISE_DIRECTIVE);
      if (directive?.[1]) {
        flush();
        segments.push({ kind: "exercise", exerciseId: directive[1] });
        i += 2; // paragraph_open, inline, paragraph_close
        continue;
      }
    }
    pending.push(token);
  }
  flush();
  return segments;
}

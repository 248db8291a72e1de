import { describe, expect, it } from "vitest";
import { parseFenceInfo, renderLessonMarkdown } from "./render-lesson.ts";

describe("renderLessonMarkdown", () => {
  it("renders a source once and serves the same segments to later requests", () => {
    const source = `Cached $x^2$ prose ${Math.random()}`;
    const first = renderLessonMarkdown(source);
    const again = renderLessonMarkdown(source);
    expect(again).toBe(first);
    expect(renderLessonMarkdown(`${source} changed`)).not.toBe(first);
  });

  it("splits prose, runnable cells and exercise placements in reading order", () => {
    const segments = renderLessonMarkdown(
      [
        "Some *prose* first.",
        "",
        "```ts run id=counts timeout=20000",
        "const x = 1;",
        "```",
        "",
        "```ts",
        "// static: shown, not run",
        "```",
        "",
        "::exercise{id=count-bigrams}",
        "",
        "```ts run",
        "print(x);",
        "```",
      ].join("\n"),
    );
    expect(segments.map((s) => s.kind)).toEqual(["html", "cell", "html", "exercise", "cell"]);
    expect(segments[1]).toEqual({
      kind: "cell",
      index: 0,
      code: "const x = 1;\n",
      attrs: { id: "counts", timeout: "20000" },
    });
    expect(segments[2]).toMatchObject({ kind: "html" });
    expect((segments[2] as { html: string }).html).toContain("static: shown, not run");
    expect(segments[3]).toEqual({ kind: "exercise", exerciseId: "count-bigrams" });
    expect(segments[4]).toMatchObject({ kind: "cell", index: 1, code: "print(x);\n" });
  });

  it("renders inline and display math with KaTeX", () => {
    const [segment] = renderLessonMarkdown("The loss $L = -\\log p$ and\n\n$$\\sum_i x_i$$\n");
    expect(segment?.kind).toBe("html");
    const html = (segment as { html: string }).html;
    expect(html).toContain('class="katex"');
    expect(html).toContain("katex-display");
  });

  it("turns [!NOTE], [!WARNING] and [!TRY] blockquotes into labelled asides", () => {
    const [segment] = renderLessonMarkdown(
      "> [!TRY]\n> Change the *seed* and run again.\n\n> a plain quote\n",
    );
    const html = (segment as { html: string }).html;
    expect(html).toContain('<aside class="aside aside-try" data-label="Try it">');
    expect(html).toContain("<em>seed</em>");
    expect(html).not.toContain("[!TRY]");
    expect(html).toContain("<blockquote>");
  });

  it("escapes raw HTML instead of passing it through", () => {
    const [segment] = renderLessonMarkdown("<script>alert(1)</script>\n\nhello <img src=x onerror=alert(1)>");
    const html = (segment as { html: string }).html;
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
  });
});

describe("parseFenceInfo", () => {
  it("reads the language, the run flag and attributes", () => {
    expect(parseFenceInfo("ts run id=a timeout=5")).toEqual({
      lang: "ts",
      run: true,
      attrs: { id: "a", timeout: "5" },
    });
    expect(parseFenceInfo("ts")).toEqual({ lang: "ts", run: false, attrs: {} });
    expect(parseFenceInfo("")).toEqual({ lang: "", run: false, attrs: {} });
  });
});

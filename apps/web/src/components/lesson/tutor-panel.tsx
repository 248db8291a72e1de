"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";

type Render = (markdown: string) => string;

/**
 * The tutor's Markdown (with math) as HTML. The renderer (markdown-it and KaTeX, ~120 KB gzipped) loads
 * when the panel first opens, not with the page.
 */
function useMarkdown(wanted: boolean): Render | null {
  const [render, setRender] = useState<Render | null>(null);
  useEffect(() => {
    if (!wanted || render) return;
    void import("@nanoschool/ui/render-lesson").then(({ renderLessonMarkdown }) =>
      setRender(
        () => (markdown: string) =>
          renderLessonMarkdown(markdown)
            .map((s) =>
              s.kind === "html"
                ? s.html
                : s.kind === "cell"
                  ? `<pre><code>${escapeHtml(s.code)}</code></pre>`
                  : "",
            )
            .join(""),
      ),
    );
  }, [wanted, render]);
  return render;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

type Citation = { sectionId: string; title: string; url: string };
type Message = {
  role: "user" | "assistant";
  content: string;
  citations?: Citation[];
  mode?: string;
  error?: string;
};

/** Reads the tutor's Server-Sent Events: deltas, then citations, then done (or an error). */
async function* readEvents(response: Response): AsyncGenerator<Record<string, unknown>> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 2);
      if (line.startsWith("data: ")) yield JSON.parse(line.slice(6));
      end = buffer.indexOf("\n\n");
    }
  }
}

/** The tutor beside the lesson: answers grounded in the course, citing the sections it used. */
export function TutorPanel(props: { courseId: string; lessonKey: string; signedIn: boolean }) {
  const [open, setOpen] = useState(false);
  const [messages, setMessages] = useState<Message[]>([]);
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const render = useMarkdown(open);

  async function ask(event: FormEvent) {
    event.preventDefault();
    const question = input.current?.value.trim();
    if (!question || pending) return;
    input.current!.value = "";
    const history = [...messages, { role: "user" as const, content: question }];
    setMessages([...history, { role: "assistant", content: "" }]);
    setPending(true);
    const update = (patch: Partial<Message>) =>
      setMessages((all) => [...all.slice(0, -1), { ...all[all.length - 1]!, ...patch }]);
    try {
      const section = window.location.hash.slice(1) || undefined;
      const response = await fetch("/api/tutor/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          courseId: props.courseId,
          lessonId: props.lessonKey,
          sectionId: section && !section.startsWith("exercise-") ? section : undefined,
          messages: history.map(({ role, content }) => ({ role, content })),
          stream: true,
        }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
        update({ error: body.message ?? body.error ?? `The tutor answered ${response.status}.` });
        return;
      }
      let text = "";
      for await (const e of readEvents(response)) {
        if (e.type === "delta") {
          text += String(e.text);
          update({ content: text });
        } else if (e.type === "citations") update({ citations: e.items as Citation[] });
        else if (e.type === "error") update({ error: String(e.message) });
        else if (e.type === "done") update({ mode: String(e.mode) });
      }
    } catch (e) {
      update({ error: `The tutor could not be reached: ${(e as Error).message}` });
    } finally {
      setPending(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="tutor-toggle" onClick={() => setOpen(true)}>
        Ask the tutor
      </button>
    );
  }
  return (
    <aside className="tutor-panel" aria-label="Tutor">
      <header>
        <strong>Tutor</strong>
        <button
          type="button"
          className="secondary"
          onClick={() => setOpen(false)}
          aria-label="Close the tutor"
        >
          ×
        </button>
      </header>
      <div className="tutor-messages" aria-live="polite">
        {messages.length === 0 && (
          <p className="muted small">
            Ask about anything in this lesson. The tutor explains and gives hints, not answers.
          </p>
        )}
        {messages.map((m, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: messages are append-only
          <div key={i} className={`tutor-message tutor-${m.role}`}>
            {m.mode === "retrieval" && (
              <div className="badge">retrieval only: no language model configured</div>
            )}
            {m.role === "assistant" && render && m.content ? (
              <div
                className="tutor-text prose"
                // biome-ignore lint/security/noDangerouslySetInnerHtml: markdown-it with raw HTML disabled escapes everything else
                dangerouslySetInnerHTML={{ __html: render(m.content) }}
              />
            ) : (
              <div className="tutor-text">{m.content || (m.role === "assistant" && !m.error ? "…" : "")}</div>
            )}
            {m.error && <p className="error">{m.error}</p>}
            {m.citations && m.citations.length > 0 && (
              <ul className="tutor-citations">
                {m.citations.map((c) => (
                  <li key={c.sectionId}>
                    <a href={c.url}>{c.title}</a>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
      {props.signedIn ? (
        <form onSubmit={ask} className="tutor-form">
          <textarea
            ref={input}
            rows={3}
            maxLength={2000}
            placeholder="Why do we add a start marker?"
            aria-label="Your question"
          />
          <button type="submit" disabled={pending}>
            {pending ? "Thinking…" : "Ask"}
          </button>
        </form>
      ) : (
        <p className="muted small">
          <a href="/sign-in">Sign in</a> to ask the tutor.
        </p>
      )}
    </aside>
  );
}

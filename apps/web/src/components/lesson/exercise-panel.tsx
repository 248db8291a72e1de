"use client";

import type { VisibleTestsResult } from "@nanoschool/sandbox/types";
import { LazyCodeEditor } from "@nanoschool/ui/code-editor";
import { useCallback, useEffect, useState } from "react";
import { trpc } from "@/lib/trpc-client";
import { useNotebook, useSavedCode } from "./notebook";

type Test = { name: string; visibility?: "visible" | "hidden"; status: string; message: string };
type Attempt = {
  id: string;
  status: string;
  score: number | null;
  maxScore: number | null;
  errorReason: string | null;
  createdAt: Date;
  finished: boolean;
  tests: Test[];
  code?: string;
};

export type ExercisePanelProps = {
  exerciseKey: string;
  title: string;
  promptHtml: string;
  points: number;
  starterCode: string;
  visibleTests: string;
  savedCode: string | null;
  timeMs: number;
  hintCount: number;
  revealedHints: { index: number; text: string }[];
  passed: boolean;
  bestScore: number | null;
};

const statusIcon: Record<string, string> = {
  passed: "✓",
  failed: "✗",
  error: "!",
  timeout: "⏱",
  memory: "▲",
};

function TestList({ tests }: { tests: Test[] }) {
  return (
    <ul className="test-list">
      {tests.map((t) => (
        <li key={`${t.visibility ?? "visible"}-${t.name}`} className={`test test-${t.status}`}>
          <span className="test-icon" aria-hidden>
            {statusIcon[t.status] ?? "?"}
          </span>
          <span className="test-name">{t.name}</span>
          {t.visibility === "hidden" && <span className="badge">hidden</span>}
          {t.status !== "passed" && t.message && <div className="test-message">{t.message}</div>}
        </li>
      ))}
    </ul>
  );
}

export function ExercisePanel(props: ExercisePanelProps) {
  const notebook = useNotebook();
  const [code, setCode] = useState(props.savedCode ?? props.starterCode);
  const { save } = useSavedCode(notebook.courseId, `exercise:${props.exerciseKey}`, notebook.signedIn);
  const [visible, setVisible] = useState<VisibleTestsResult | null>(null);
  const [running, setRunning] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [current, setCurrent] = useState<Attempt | null>(null);
  const [history, setHistory] = useState<Attempt[]>([]);
  const [hints, setHints] = useState(props.revealedHints);
  const [error, setError] = useState<string | null>(null);
  const slug = props.exerciseKey.split("/").pop();

  const loadHistory = useCallback(async () => {
    if (!notebook.signedIn) return;
    const attempts = await trpc.submissions.list.query({
      courseId: notebook.courseId,
      exerciseKey: props.exerciseKey,
    });
    setHistory(attempts as Attempt[]);
  }, [notebook.signedIn, notebook.courseId, props.exerciseKey]);
  useEffect(() => void loadHistory().catch(() => {}), [loadHistory]);

  const change = (next: string) => {
    setCode(next);
    notebook.setExerciseCode(props.exerciseKey, next);
    save(next, props.starterCode);
  };

  async function runVisible() {
    setRunning(true);
    setError(null);
    try {
      const sandbox = await notebook.sandbox();
      setVisible(
        await sandbox.runTests({
          submission: code,
          tests: props.visibleTests,
          // The other exercises as they are now, for `@exercise/<chapter>/<exercise>` imports.
          dependencies: Object.fromEntries(
            Object.entries(notebook.exerciseSources()).map(([key, e]) => [key, e.source]),
          ),
          timeMs: props.timeMs,
        }),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  }

  async function submit() {
    setSubmitting(true);
    setError(null);
    try {
      const { submissionId } = await trpc.submissions.submit.mutate({
        courseId: notebook.courseId,
        exerciseKey: props.exerciseKey,
        code,
      });
      let status = (await trpc.submissions.status.query({ id: submissionId })) as Attempt;
      setCurrent(status);
      const started = Date.now();
      while (!status.finished && Date.now() - started < 120_000) {
        await new Promise((r) => setTimeout(r, 700));
        status = (await trpc.submissions.status.query({ id: submissionId })) as Attempt;
        setCurrent(status);
      }
      await loadHistory();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSubmitting(false);
    }
  }

  async function revealHint() {
    try {
      const hint = await trpc.hints.reveal.mutate({
        courseId: notebook.courseId,
        exerciseKey: props.exerciseKey,
        index: hints.length,
      });
      setHints([...hints, { index: hint.index, text: hint.text }]);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const best = history.reduce<number | null>(
    (b, a) => (a.score !== null && (b === null || a.score > b) ? a.score : b),
    props.bestScore,
  );
  return (
    <section className="exercise card" id={`exercise-${slug}`} aria-label={`Exercise: ${props.title}`}>
      <header className="exercise-head">
        <span className="exercise-kicker">Exercise</span>
        <h3>{props.title}</h3>
        <span className="exercise-points" data-testid="exercise-score">
          {best !== null ? `${best} / ${props.points} points` : `${props.points} points`}
          {props.passed || history.some((a) => a.status === "passed") ? " · passed" : ""}
        </span>
      </header>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered on the server from the course's Markdown, raw HTML disabled */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: props.promptHtml }} />
      <div className="exercise-editor">
        <LazyCodeEditor
          modelPath={`exercise/${props.exerciseKey}`}
          value={code}
          onChange={change}
          onRun={() => void runVisible()}
          extraLibs={notebook.extraLibs}
          ariaLabel={`Your solution to ${props.title}`}
        />
      </div>
      <div className="exercise-actions">
        <button type="button" onClick={() => void runVisible()} disabled={running}>
          {running ? "Running tests…" : "Run visible tests"}
        </button>
        {notebook.signedIn ? (
          <button type="button" onClick={() => void submit()} disabled={submitting}>
            {submitting ? "Grading…" : "Submit"}
          </button>
        ) : (
          <a href="/sign-in">Sign in to submit</a>
        )}
        <button type="button" className="secondary" onClick={() => change(props.starterCode)}>
          Reset
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {visible && (
        <div className="exercise-results" data-testid="visible-results">
          <h4>Visible tests</h4>
          {visible.status !== "ok" ? (
            <pre className="error">
              {visible.compileError
                ? `line ${visible.compileError.line}:${visible.compileError.column}: ${visible.compileError.message}`
                : visible.loadError?.message}
            </pre>
          ) : (
            <TestList tests={visible.tests.map((t) => ({ ...t, visibility: "visible" as const }))} />
          )}
        </div>
      )}
      {current && (
        <div className="exercise-results" data-testid="submission-result" data-status={current.status}>
          <h4>
            Submission:{" "}
            {current.finished ? current.status : current.status === "running" ? "grading…" : "queued…"}
            {current.finished &&
              current.score !== null &&
              ` · ${current.score} / ${current.maxScore ?? props.points}`}
          </h4>
          {current.errorReason && <p className="error">{current.errorReason}</p>}
          <TestList tests={current.tests} />
        </div>
      )}
      <div className="hints">
        {hints.map((h) => (
          <p key={h.index} className="hint">
            <strong>Hint {h.index + 1}.</strong> {h.text}
          </p>
        ))}
        {notebook.signedIn && hints.length < props.hintCount && (
          <button type="button" className="secondary" onClick={() => void revealHint()}>
            {hints.length === 0 ? "Show a hint" : "Show the next hint"} ({props.hintCount - hints.length}{" "}
            left)
          </button>
        )}
      </div>
      {history.length > 0 && (
        <details className="history">
          <summary>Your attempts ({history.length})</summary>
          <ol>
            {history.map((a) => (
              <li key={a.id}>
                {new Date(a.createdAt).toLocaleString()} · {a.status}
                {a.score !== null ? ` · ${a.score}/${a.maxScore}` : ""}
                {a.code && (
                  <button type="button" className="link" onClick={() => change(a.code ?? "")}>
                    load this code
                  </button>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}

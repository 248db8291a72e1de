import type { LeakVerdict, SolutionGuard } from "./leak-check.ts";

// Streams an answer through the output check. Prose is released word by word, a line holding code (or
// that may open a fence) once it is complete, and a fenced code block only once its closing fence has
// arrived; before anything is released, everything up to that point is checked. So the client only ever receives a prefix of the answer that passes the check,
// and a leak is caught before its first line goes out.

export class AnswerGuard {
  private received = "";
  private released = 0;
  private verdict: LeakVerdict | null = null;
  private readonly guard: SolutionGuard;

  constructor(guard: SolutionGuard) {
    this.guard = guard;
  }

  get leaked(): boolean {
    return this.verdict?.leaked ?? false;
  }

  get text(): string {
    return this.received.slice(0, this.released);
  }

  /** Takes a delta from the model; returns the text that may now go to the client ("" if none). */
  push(delta: string): string {
    if (this.leaked) return "";
    this.received += delta;
    return this.release(safeEnd(this.received));
  }

  /** The model is done: checks and releases the rest. */
  finish(): string {
    if (this.leaked) return "";
    return this.release(this.received.length);
  }

  private release(end: number): string {
    if (end <= this.released) return "";
    const verdict = this.guard.check(this.received.slice(0, end));
    if (verdict.leaked) {
      this.verdict = verdict;
      return "";
    }
    const out = this.received.slice(this.released, end);
    this.released = end;
    return out;
  }
}

/**
 * How far the text may be released: inside an open code fence, only up to the fence; otherwise up to
 * the last word boundary of prose, while a line that may open a fence or holds code waits for its end.
 */
function safeEnd(text: string): number {
  let inFence = false;
  let end = 0;
  let lineStart = 0;
  for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", lineStart)) {
    if (/^\s*(```|~~~)/.test(text.slice(lineStart, newline))) inFence = !inFence;
    lineStart = newline + 1;
    if (!inFence) end = lineStart;
  }
  if (inFence) return end;
  const partial = text.slice(lineStart);
  // A line with code in it (inline code, brackets, operators) is held whole, so the check sees a code
  // line complete before any of it goes out.
  if (/^\s*~/.test(partial) || /[`(){}[\];=<>]/.test(partial)) return end;
  const space = partial.lastIndexOf(" ");
  return space > 0 ? lineStart + space + 1 : end;
}

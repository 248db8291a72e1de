import path from "node:path";

/** One thing wrong with a course, where it is, and (in the message) how to fix it. */
export type Problem = {
  file: string;
  /** 1-based; 1 when the problem concerns the file as a whole. */
  line: number;
  message: string;
};

/** `file:line: message`, with the file relative to `cwd` so editors and terminals can jump to it. */
export function formatProblem(problem: Problem, cwd = process.cwd()): string {
  const relative = path.relative(cwd, problem.file);
  const file = relative && !relative.startsWith("..") ? relative : problem.file;
  return `${file}:${problem.line}: ${problem.message}`;
}

/** Problems in file order, then line order, so a report reads top to bottom. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Collects problems for one file at a time; loaders push and keep going instead of throwing. */
export class ProblemCollector {
  readonly problems: Problem[] = [];

  add(file: string, line: number, message: string): void {
    this.problems.push({ file, line: Math.max(1, line), message });
  }
}

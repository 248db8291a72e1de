import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CourseSandbox } from "../course-sandbox.ts";
import { loadCourse } from "../load-course.ts";
import { allExercises, runnableCells } from "../model.ts";
import { formatProblem, type Problem, sortProblems } from "../problems.ts";
import { type ValidationEvent, validateCourse } from "../validate-course.ts";

// `npm run curriculum:check [course-dir] [--static]`: loads the course (default curriculum/llm101n),
// then proves it in the server sandbox; prints progress, then every problem as file:line: message.
// Exits 1 on any problem. --static runs only the loader's checks (no sandbox).
const args = process.argv.slice(2);
const staticOnly = args.includes("--static");
const dirArg = args.find((arg) => !arg.startsWith("--"));
const dir = dirArg
  ? path.resolve(dirArg)
  : fileURLToPath(new URL("../../../../curriculum/llm101n", import.meta.url));

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const started = performance.now();
console.log(`curriculum:check ${path.relative(process.cwd(), dir) || "."}`);

const { course, problems: loadProblems } = await loadCourse(dir);
const problems: Problem[] = [...loadProblems];
if (course) {
  const sections = course.chapters.reduce((n, c) => n + c.lesson.sections.length, 0);
  const cells = course.chapters.reduce((n, c) => n + runnableCells(c.lesson).length, 0);
  console.log(
    `loaded ${course.id}: ${course.chapters.length} chapters, ${sections} sections, ${cells} runnable cells, ` +
      `${allExercises(course).length} exercises, ${loadProblems.length} problem(s) (${seconds(performance.now() - started)})`,
  );
}

if (course && !staticOnly) {
  let sandbox: CourseSandbox | undefined;
  try {
    const { createServerCourseSandbox } = await import("../server-course-sandbox.ts");
    sandbox = await createServerCourseSandbox({ courseDir: dir });
  } catch (error) {
    problems.push({
      file: course.file,
      line: 1,
      message: `the server sandbox could not start, so no cell or exercise was run: ${(error as Error).message}`,
    });
  }
  if (sandbox) {
    try {
      problems.push(...(await validateCourse(course, sandbox, { onProgress: printProgress })));
    } finally {
      await sandbox.close?.();
    }
  }
}

function printProgress(event: ValidationEvent): void {
  if (event.kind === "lesson") {
    const verdict = event.passed === event.cells ? "ok" : `${event.cells - event.passed} FAILED`;
    const slowest = event.slowest
      ? `; slowest cell ${event.slowest.cellId} ${seconds(event.slowest.durationMs)}`
      : "";
    console.log(
      `lesson ${event.lessonKey}: ${event.passed}/${event.cells} cells ${verdict} (${seconds(event.durationMs)}${slowest})`,
    );
    return;
  }
  const { solutionVisible: v, solutionHidden: h, starterFailed: s } = event;
  const ok = v.passed === v.total && v.total > 0 && h.passed === h.total && s.failed > 0;
  console.log(
    `exercise ${event.key}: solution passes ${v.passed}/${v.total} visible, ${h.passed}/${h.total} hidden; ` +
      `starter fails ${s.failed}/${s.total} hidden ${ok ? "ok" : "FAILED"} (${seconds(event.durationMs)})`,
  );
}

const sorted = sortProblems(problems);
if (sorted.length === 0) {
  console.log(
    `curriculum:check: no problems (${seconds(performance.now() - started)})${staticOnly ? " [static checks only]" : ""}`,
  );
} else {
  console.log(`\n${sorted.length} problem(s):`);
  for (const problem of sorted) console.log(formatProblem(problem));
  process.exitCode = 1;
}

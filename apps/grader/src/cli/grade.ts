// npm run grade -- --exercise <course>/<chapter>/<exercise> --file <code.ts> [--hidden] [--json]
// Grades a file against an exercise of the course files, in the same sandbox the queue's worker uses.
// Exit 0 when grading ran (whatever the score), 1 when it could not run, 2 on bad arguments.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadCourse } from "@nanoschool/curriculum/load-course";
import { allExercises } from "@nanoschool/curriculum/model";
import { formatProblem } from "@nanoschool/curriculum/problems";
import { courseDataFromFiles } from "@nanoschool/grading/course-data";
import { gradeCode } from "@nanoschool/grading/grade";
import type { GradeReport } from "@nanoschool/grading/types";
import { readGraderEnv } from "../env.ts";
import { GradeArgsError, gradeUsage, parseGradeArgs } from "./grade-args.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");

function fail(code: 1 | 2, message: string): never {
  console.error(message);
  if (code === 2) console.error(gradeUsage);
  process.exit(code);
}

function formatReport(title: string, report: GradeReport): string {
  const mark = { passed: "✓", failed: "✗", error: "!", timeout: "⏱", memory: "M" } as const;
  const lines = [`${title}: ${report.status}, ${report.score}/${report.maxScore} in ${report.durationMs} ms`];
  for (const t of report.tests) {
    const message = t.status === "passed" || !t.message ? "" : `: ${t.message}`;
    lines.push(`  ${mark[t.status]} ${t.visibility.padEnd(7)} ${t.name} (${t.status})${message}`);
  }
  return lines.join("\n");
}

let args: ReturnType<typeof parseGradeArgs>;
try {
  args = parseGradeArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof GradeArgsError) fail(2, `grade: ${error.message}`);
  throw error;
}
const env = readGraderEnv();
const courseDir = path.resolve(args.root ?? path.join(repoRoot, "curriculum"), args.course);
const filePath = path.resolve(env.INIT_CWD ?? process.cwd(), args.file);
const code = await readFile(filePath, "utf8").catch(() =>
  fail(2, `grade: cannot read --file ${filePath}: check the path (relative paths start where you ran npm).`),
);

const { course, problems } = await loadCourse(courseDir);
if (!course) fail(2, `grade: no course at ${courseDir}\n${problems.map((p) => formatProblem(p)).join("\n")}`);
const key = `${args.chapter}/${args.exercise}`;
const exercises = allExercises(course);
const exercise = exercises.find((e) => e.key === key);
if (!exercise) {
  const known = exercises.map((e) => `${args.course}/${e.key}`).join(", ") || "none";
  const own = problems.filter((p) => p.file.includes(`${path.sep}${args.chapter}${path.sep}`));
  fail(
    2,
    `grade: course ${args.course} has no exercise ${key} (exercises: ${known})${own.length ? "\n" : ""}${own.map((p) => formatProblem(p)).join("\n")}`,
  );
}

// `@exercise/<key>` imports resolve to the reference solutions here: the CLI has no student history.
const dependencies: Record<string, string> = {};
const pending = [...exercise.dependsOn];
while (pending.length > 0) {
  const depKey = pending.shift()!;
  const dep = exercises.find((e) => e.key === depKey);
  if (!dep || depKey in dependencies) continue;
  dependencies[depKey] = dep.solution.source;
  pending.push(...dep.dependsOn);
}

try {
  const report = await gradeCode(
    {
      key,
      points: exercise.points,
      limits: exercise.limits,
      tests: exercise.tests,
      visibleTests: exercise.visibleTests.source,
      hiddenTests: exercise.hiddenTests.source,
      solutionCode: exercise.solution.source,
    },
    code,
    {
      hidden: args.hidden,
      dependencies,
      data: await courseDataFromFiles(path.dirname(courseDir))(path.basename(courseDir)),
    },
  );
  if (args.json) {
    const { status, score, maxScore, durationMs } = report;
    const tests = report.tests.map(({ name, visibility, status, message }) => ({
      name,
      visibility,
      status,
      message,
    }));
    console.log(JSON.stringify({ status, score, maxScore, durationMs, tests }, null, 2));
  } else {
    console.log(formatReport(`${args.course}/${key}`, report));
  }
  process.exit(0);
} catch (error) {
  fail(1, `grade: grading could not run: ${(error as Error).message}`);
}

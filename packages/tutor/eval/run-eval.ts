// Retrieval evaluation on the real course: imports curriculum/llm101n into an in-memory PGlite, asks
// every question of questions.yaml and prints recall@3, recall@5 and MRR (target: recall@5 >= 0.9).
// Usage: npm run eval -w @nanoschool/tutor [-- --verbose]
import { readFile } from "node:fs/promises";
import path from "node:path";
import { openDatabase, queryRows } from "@nanoschool/db/client";
import { importCourseFolder } from "@nanoschool/db/import-course";
import { migrateDatabase } from "@nanoschool/db/migrate";
import { sql } from "drizzle-orm";
import { parse } from "yaml";
import { loadSolutionGuards } from "../src/exercise-material.ts";
import { retrieveChunks } from "../src/retrieval.ts";
import { type EvalQuestion, scoreRanking, summarize } from "./metrics.ts";

const here = import.meta.dirname;
const courseDir = path.resolve(here, "../../../curriculum/llm101n");
const verbose = process.argv.includes("--verbose");

const { questions } = parse(await readFile(path.join(here, "questions.yaml"), "utf8")) as {
  questions: EvalQuestion[];
};
const handle = await openDatabase({ memory: true });
try {
  await migrateDatabase(handle);
  const imported = await importCourseFolder(handle.db, courseDir);
  // Two settings: the question alone (the harder one, and the target), and asked from the lesson that
  // answers it (the chat panel sends the lesson in view).
  const rank = async (question: EvalQuestion, lessonKey: string | undefined) => {
    const chunks = await retrieveChunks(handle.db, {
      courseVersionId: imported.versionId,
      question: question.q,
      lessonKey,
      limit: 10,
    });
    return [...new Set(chunks.map((c) => `${c.lessonKey}#${c.sectionId}`))];
  };
  const rows: { question: EvalQuestion; ranked: string[]; inLesson: string[] }[] = [];
  for (const question of questions) {
    const lessonKey = question.answers[0]?.split("#")[0];
    rows.push({
      question,
      ranked: await rank(question, undefined),
      inLesson: await rank(question, lessonKey),
    });
  }
  const scores = rows.map((r) => scoreRanking(r.ranked, r.question.answers));
  const summary = summarize(scores);
  const inLesson = summarize(rows.map((r) => scoreRanking(r.inLesson, r.question.answers)));
  if (verbose) {
    rows.forEach((r, i) => {
      if (scores[i]!.recallAt5 < 1) {
        console.log(
          `miss  ${r.question.q}\n      want ${r.question.answers.join(", ")}\n      got  ${r.ranked.slice(0, 5).join(", ")}`,
        );
      }
    });
  }
  const distinct = new Set(questions.flatMap((q) => q.answers)).size;
  console.log(`llm101n retrieval eval: ${questions.length} questions, ${distinct} distinct answer sections`);
  console.log("                 question alone   lesson in view");
  const line = (name: string, a: number, b: number) =>
    console.log(`${name.padEnd(17)}${a.toFixed(3).padEnd(17)}${b.toFixed(3)}`);
  line("recall@3", summary.recallAt3, inLesson.recallAt3);
  line("recall@5", summary.recallAt5, inLesson.recallAt5);
  line("MRR", summary.mrr, inLesson.mrr);
  console.log("target: recall@5 >= 0.9 on the question alone");

  // The output check on the real exercises: each reference solution must be caught as a leak, and what
  // the student already sees (starter, visible tests, prompt) must pass.
  const started = performance.now();
  const guards = await loadSolutionGuards(handle.db, imported.versionId);
  const guardMs = performance.now() - started;
  const solutions = await queryRows<{ key: string; solution: string }>(
    handle.db,
    sql`select e.key, s.solution_code as solution from exercise e join exercise_secret s on s.exercise_id = e.id
      where e.course_version_id = ${imported.versionId}`,
  );
  const leaks = (text: string) => guards.some((g) => g.guard.check(text).leaked);
  const uncaught = solutions.filter((s) => !leaks(s.solution)).map((s) => s.key);
  const flagged = guards.filter(
    (g) => leaks(g.exercise.starterCode) || leaks(g.exercise.visibleTests) || leaks(g.exercise.prompt),
  );
  console.log(
    `output check: ${solutions.length - uncaught.length}/${solutions.length} reference solutions caught` +
      (uncaught.length
        ? ` (not caught, because the course itself shows that code: ${uncaught.join(", ")})`
        : ""),
  );
  console.log(
    `              ${flagged.length}/${guards.length} exercises' public files (starter, visible tests, prompt) flagged` +
      (flagged.length ? `: ${flagged.map((g) => g.exercise.key).join(", ")}` : ""),
  );
  console.log(
    `              guards for the whole course built in ${guardMs.toFixed(0)} ms, once per version`,
  );
  if (flagged.length > 0) process.exitCode = 1;
  if (summary.recallAt5 < 0.9) process.exitCode = 1;
} finally {
  await handle.close();
}

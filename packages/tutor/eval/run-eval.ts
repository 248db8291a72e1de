// Retrieval evaluation on the real course: imports curriculum/llm101n into an in-memory PGlite, asks
// every question of questions.yaml and prints recall@3, recall@5 and MRR (target: recall@5 >= 0.9).
// Usage: npm run eval -w @nanoschool/tutor [-- --verbose]
import { readFile } from "node:fs/promises";
import path from "node:path";
import { openDatabase } from "@nanoschool/db/client";
import { importCourseFolder } from "@nanoschool/db/import-course";
import { migrateDatabase } from "@nanoschool/db/migrate";
import { parse } from "yaml";
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
  const rows: { question: EvalQuestion; ranked: string[] }[] = [];
  for (const question of questions) {
    const chunks = await retrieveChunks(handle.db, {
      courseVersionId: imported.versionId,
      question: question.q,
      limit: 10,
    });
    const ranked = [...new Set(chunks.map((c) => `${c.lessonKey}#${c.sectionId}`))];
    rows.push({ question, ranked });
  }
  const scores = rows.map((r) => scoreRanking(r.ranked, r.question.answers));
  const summary = summarize(scores);
  if (verbose) {
    rows.forEach((r, i) => {
      const s = scores[i]!;
      if (s.recallAt5 < 1)
        console.log(
          `miss  ${r.question.q}\n      want ${r.question.answers.join(", ")}\n      got  ${r.ranked.slice(0, 5).join(", ")}`,
        );
    });
  }
  console.log(
    `llm101n retrieval eval: ${questions.length} questions, ${new Set(questions.flatMap((q) => q.answers)).size} distinct answer sections`,
  );
  console.log(`recall@3 ${summary.recallAt3.toFixed(3)}`);
  console.log(`recall@5 ${summary.recallAt5.toFixed(3)}  (target >= 0.9)`);
  console.log(`MRR      ${summary.mrr.toFixed(3)}`);
  process.exitCode = summary.recallAt5 >= 0.9 ? 0 : 1;
} finally {
  await handle.close();
}

// The grader process: `npm run start -w @nanoschool/grader`. Run as many as you like, on as many
// machines, against one Postgres (DATABASE_URL); they share the pg-boss queue. SIGTERM (or Ctrl-C)
// finishes the jobs in hand, then exits; a job cut off by a harder stop is retried by another grader.
import { startGrader } from "@nanoschool/grading/grader-process";
import { readGraderEnv } from "./env.ts";

const env = readGraderEnv();
if (!env.DATABASE_URL) {
  console.warn(
    "DATABASE_URL is not set: grading the embedded PGlite database. The web app already grades in its own " +
      "process there (and holds the database); a separate grader is for Postgres deployments.",
  );
}
const grader = await startGrader({
  database: env.DATABASE_URL
    ? { url: env.DATABASE_URL }
    : { dataDir: env.NANOSCHOOL_DATA_DIR ?? ".data/pglite" },
  concurrency: env.GRADER_CONCURRENCY,
  onEvent: (event) => {
    if (event.kind === "graded") {
      const { status, score, maxScore, durationMs } = event.report;
      console.log(`graded ${event.submissionId}: ${status} ${score}/${maxScore} in ${durationMs} ms`);
    } else if (event.kind === "failed") {
      console.error(`attempt failed for ${event.submissionId}: ${event.error.message} (it will be retried)`);
    } else if (event.kind === "dead-lettered") {
      console.error(`gave up on ${event.submissionId}: marked "error" for the student`);
    }
  },
});
console.log(
  `grader ${process.pid} ready: concurrency ${env.GRADER_CONCURRENCY}, database ${grader.handle.location}`,
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing the jobs in hand (up to ${env.GRADER_SHUTDOWN_TIMEOUT_MS} ms)`);
    grader
      .stop({ timeoutMs: env.GRADER_SHUTDOWN_TIMEOUT_MS })
      .then(() => process.exit(0))
      .catch((error: Error) => {
        console.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      });
  });
}

// Grading in the web process. Submitting always needs the queue (the row and the job commit together);
// on the embedded default (PGlite, one process) the grading worker runs here too, on the same database
// handle, since no other process can reach PGlite. With DATABASE_URL, apps/grader processes grade.
import { readDatabaseEnv } from "@nanoschool/db/env";
import { gradesInWebProcess, readGradingEnv } from "@nanoschool/grading/env";
import { openQueue } from "@nanoschool/grading/queue";
import { createExerciseRunner } from "@nanoschool/grading/runner";
import { startGradingWorker } from "@nanoschool/grading/worker";
import { getServices } from "./services";

export async function startWebGrading(): Promise<void> {
  const services = await getServices();
  if (services.grading) return; // already started (dev reloads evaluate this module again)
  const env = { ...readDatabaseEnv(), ...readGradingEnv() };
  const queue = await openQueue(services.handle);
  services.grading = { handle: services.handle, queue };
  if (!gradesInWebProcess(env)) return;
  const runner = createExerciseRunner({ size: env.GRADER_CONCURRENCY });
  const worker = await startGradingWorker({
    handle: services.handle,
    queue,
    runner: runner.run,
    concurrency: env.GRADER_CONCURRENCY,
    onEvent: (event) => {
      if (event.kind === "failed") console.error(`[grading] ${event.submissionId}: ${event.error.message}`);
    },
  });
  const stop = () => {
    void worker
      .stop({ timeoutMs: 10_000 })
      .then(() => queue.close())
      .then(() => runner.close())
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

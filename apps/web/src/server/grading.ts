// Grading in the web process. Submitting always needs the queue (the row and the job commit together);
// on the embedded default (PGlite, one process) the grading worker runs here too, on the same database
// handle, since no other process can reach PGlite. With DATABASE_URL, apps/grader processes grade.
import { readDatabaseEnv } from "@nanoschool/db/env";
import { getServices } from "./services";

// The grading packages load unbundled, straight from their TypeScript source on Node 24: the server
// sandbox forks its isolate children from files beside its own source, which a bundle would move.
const load = <T>(specifier: string): Promise<T> =>
  import(/* turbopackIgnore: true */ /* webpackIgnore: true */ specifier);

export async function startWebGrading(): Promise<string> {
  const services = await getServices();
  if (services.grading) return "already started"; // dev reloads evaluate this module again
  const [
    { gradesInWebProcess, readGradingEnv },
    { openQueue },
    { createExerciseRunner },
    { startGradingWorker },
  ] = await Promise.all([
    load<typeof import("@nanoschool/grading/env")>("@nanoschool/grading/env"),
    load<typeof import("@nanoschool/grading/queue")>("@nanoschool/grading/queue"),
    load<typeof import("@nanoschool/grading/runner")>("@nanoschool/grading/runner"),
    load<typeof import("@nanoschool/grading/worker")>("@nanoschool/grading/worker"),
  ]);
  const env = { ...readDatabaseEnv(), ...readGradingEnv() };
  const queue = await openQueue(services.handle);
  services.grading = { handle: services.handle, queue };
  if (!gradesInWebProcess(env)) return "queue open; apps/grader processes grade (DATABASE_URL is set)";
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
  return `worker started in the web process (concurrency ${env.GRADER_CONCURRENCY})`;
}

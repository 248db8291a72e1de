// The runner the worker and the CLI use. Until @nanoschool/sandbox's server runner is wired in this is
// the stop-gap local runner (worker threads, no isolate): see local-runner.ts.
import type { ExerciseRunner } from "../types.ts";
import { runWithLocalRunner } from "./local-runner.ts";

export type SandboxOptions = Record<string, never>;

export function createExerciseRunner(_options: SandboxOptions = {}): ExerciseRunner {
  return runWithLocalRunner;
}

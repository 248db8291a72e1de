// The runner the worker and the CLI grade with: @nanoschool/sandbox's server sandbox (isolated-vm
// isolates in permission-restricted child processes). Visible tests and hidden probes run side by side;
// the score is the exercise's points shared out by the weights of the tests that carry it.
import { createServerSandbox, type PoolOptions, type SandboxStats } from "@nanoschool/sandbox/server";
import { ExerciseBrokenError } from "../errors.ts";
import { scoreTests } from "../score.ts";
import type { GradeReport, GradeRequest, TestReport } from "../types.ts";
import { DEFAULT_SEED_POOL_SIZE, probeSeed } from "./probe-seed.ts";

export type SandboxOptions = PoolOptions & {
  /** Probe seeds per exercise version (see probe-seed.ts); 0 gives every submission its own. */
  seedPoolSize?: number;
};

export type ExerciseRunnerHandle = {
  run(request: GradeRequest): Promise<GradeReport>;
  stats(): SandboxStats;
  /** CPU time (ms) the sandbox's child processes have used, where /proc tells (benchmarks). */
  childCpuMs(): number | undefined;
  /** Ends the sandbox's child processes. */
  close(): Promise<void>;
};

export function createExerciseRunner(options: SandboxOptions = {}): ExerciseRunnerHandle {
  const { seedPoolSize = DEFAULT_SEED_POOL_SIZE, ...poolOptions } = options;
  const sandbox = createServerSandbox(poolOptions);
  return {
    close: () => sandbox.close(),
    stats: () => sandbox.stats(),
    childCpuMs: () => sandbox.childCpuMs(),
    async run(request) {
      const started = performance.now();
      const { exercise, code, dependencies, data } = request;
      const limits = exercise.limits;
      // The student's runs of this submission (visible tests, each probe) share one isolate, a fresh
      // context each; the reference runs never join it.
      const session = sandbox.session();
      const [visible, hidden] = await Promise.all([
        request.include.visible
          ? sandbox.runVisibleTests(
              {
                submission: code,
                tests: exercise.visibleTests,
                dependencies,
                limits,
                data,
              },
              { session },
            )
          : undefined,
        request.include.hidden
          ? sandbox.runHiddenProbes(
              {
                submission: code,
                reference: exercise.solutionCode,
                hiddenTests: exercise.hiddenTests,
                dependencies,
                seed: probeSeed(exercise, request.seed, seedPoolSize),
                limits,
                testMeta: exercise.tests,
                data,
              },
              { session },
            )
          : undefined,
      ]);
      if (hidden && hidden.authoringErrors.length > 0) {
        throw new ExerciseBrokenError(
          `Exercise ${exercise.key} is broken: ${hidden.authoringErrors.join("; ")}`,
        );
      }
      const tests: TestReport[] = [];
      if (visible?.status === "compile-error" && visible.compileError) {
        const e = visible.compileError;
        const message = `${e.file}:${e.line}:${e.column}: ${e.message}`;
        tests.push({
          name: "compiling the submission",
          visibility: "visible",
          status: "error",
          message,
          weight: 0,
          durationMs: 0,
        });
      }
      if (visible?.status === "load-error" && visible.loadError) {
        const e = visible.loadError;
        const where = e.line ? ` (${e.file}:${e.line}:${e.column})` : "";
        tests.push({
          name: "loading the submission",
          visibility: "visible",
          status: visible.loadStatus ?? "error",
          message: `${e.message}${where}`,
          weight: 0,
          durationMs: 0,
        });
      }
      for (const t of visible?.tests ?? []) {
        tests.push({
          name: t.name,
          visibility: "visible",
          status: t.status,
          message: t.message,
          weight: t.weight,
          durationMs: t.durationMs,
        });
      }
      for (const t of hidden?.tests ?? []) {
        tests.push({
          name: t.name,
          visibility: "hidden",
          status: t.status,
          message: t.message,
          weight: t.weight,
          durationMs: t.durationMs,
        });
      }
      return scoreTests(tests, exercise.points, performance.now() - started);
    },
  };
}

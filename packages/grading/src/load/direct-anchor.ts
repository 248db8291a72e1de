// The benchmark's anchor: the same mix graded by calling the sandbox directly, no queue and no database,
// with the same number of clients. The load run's latency divided by this one is the pipeline's cost.
import { createExerciseRunner } from "../runner/index.ts";
import { readAddFixture } from "../testing.ts";
import { percentiles } from "./percentiles.ts";
import { mixEntry } from "./submissions-mix.ts";

export type AnchorReport = {
  graded: number;
  wallSeconds: number;
  throughputPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  latencyWellBehavedMs: { p50: number; p99: number; max: number };
  /** CPU per grading (ms): this process and the sandbox children; undefined where /proc is missing. */
  cpuPerGradingMs: { process: number; sandbox: number } | undefined;
};

export async function runDirectAnchor(options: {
  total: number;
  clients: number;
  size: number;
  hostile?: boolean;
}): Promise<AnchorReport> {
  const fixture = await readAddFixture();
  const exercise = { ...fixture, limits: { timeMs: 1000, memoryMiB: 64 } };
  const runner = createExerciseRunner({ size: options.size });
  const all: number[] = [];
  const wellBehaved: number[] = [];
  let next = 0;
  const started = performance.now();
  const processStart = process.cpuUsage();
  const sandboxStart = runner.childCpuMs();
  let cpuPerGradingMs: AnchorReport["cpuPerGradingMs"];
  try {
    const client = async () => {
      while (next < options.total) {
        const entry = mixEntry(next++, options.hostile ?? true);
        const t0 = performance.now();
        await runner.run({
          exercise,
          code: entry.code,
          seed: next,
          dependencies: {},
          include: { visible: true, hidden: true },
        });
        const ms = performance.now() - t0;
        all.push(ms);
        if (entry.kind !== "hostile") wellBehaved.push(ms);
      }
    };
    await Promise.all(Array.from({ length: options.clients }, client));
    const used = process.cpuUsage(processStart);
    const sandboxNow = runner.childCpuMs();
    const per = (ms: number) => Math.round((ms / all.length) * 10) / 10;
    cpuPerGradingMs =
      sandboxNow === undefined || sandboxStart === undefined
        ? undefined
        : { process: per((used.user + used.system) / 1000), sandbox: per(sandboxNow - sandboxStart) };
  } finally {
    await runner.close();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    graded: all.length,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    throughputPerSecond: Math.round((all.length / wallSeconds) * 10) / 10,
    latencyMs: percentiles(all),
    latencyWellBehavedMs: percentiles(wellBehaved),
    cpuPerGradingMs,
  };
}

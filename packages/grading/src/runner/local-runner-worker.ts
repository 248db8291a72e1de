// One run of the stop-gap local runner, inside a worker thread: imports a test module and either runs
// its visible tests or evaluates one probe, and posts plain results back to the host.
import { parentPort, workerData } from "node:worker_threads";
import { createRng, registry } from "./local-harness.ts";

type Job = { entry: string; mode: "visible" } | { entry: string; mode: "probe"; probe: string; seed: number };

const job = workerData as Job;

function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

async function main(): Promise<void> {
  // The time limit starts here, not at thread start-up, which a loaded machine can make slow.
  parentPort!.postMessage({ kind: "ready" });
  await import(job.entry);
  if (job.mode === "visible") {
    for (const t of registry.tests) {
      const started = performance.now();
      try {
        await t.fn();
        parentPort!.postMessage({
          kind: "test",
          name: t.name,
          weight: t.weight,
          status: "passed",
          message: "",
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        parentPort!.postMessage({ kind: "test", name: t.name, weight: t.weight, status: "failed", message });
      }
      parentPort!.postMessage({ kind: "duration", name: t.name, ms: performance.now() - started });
    }
    parentPort!.postMessage({ kind: "done" });
    return;
  }
  const spec = registry.probes.get(job.probe);
  if (!spec) throw new Error(`hidden.test.ts declares no probe named "${job.probe}"`);
  const input = spec.input(createRng(job.seed));
  const output = plain(await spec.run(input as never));
  parentPort!.postMessage({ kind: "probe", output, tolerance: spec.tolerance ?? {} });
}

main().catch((error) => {
  parentPort!.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error) });
});

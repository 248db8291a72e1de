// CPU accounting for the benchmark's child processes: how much CPU this process and its sandbox
// children used from "ready" to the end, and how many gradings that paid for. On a machine whose cores
// are all busy, CPU per grading sets the throughput ceiling whatever the load from other work.
import type { Grader } from "../grader-process.ts";

export type CpuEvent = { kind: "cpu"; processMs: number; sandboxMs: number | null; graded: number };

export function startCpuReport(grader: Grader) {
  const processStart = process.cpuUsage();
  const sandboxStart = grader.sandboxCpuMs();
  let graded = 0;
  return {
    countGraded() {
      graded++;
    },
    line(): CpuEvent {
      const used = process.cpuUsage(processStart);
      const sandboxNow = grader.sandboxCpuMs();
      return {
        kind: "cpu",
        processMs: Math.round((used.user + used.system) / 1000),
        sandboxMs:
          sandboxNow === undefined || sandboxStart === undefined
            ? null
            : Math.round(sandboxNow - sandboxStart),
        graded,
      };
    },
  };
}

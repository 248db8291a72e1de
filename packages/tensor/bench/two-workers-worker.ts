/// <reference types="node" />
// The second thread of bench/two-workers.ts: waits for a job in the control block, runs the GEMM
// on its half of the columns, signals done.
import { parentPort, workerData } from "node:worker_threads";
import { control, gemmArgCount, wasmApi } from "./two-workers-shared.ts";

const {
  module,
  memory,
  control: ctl,
} = workerData as { module: object; memory: object; control: Int32Array };
const instance = await wasmApi.instantiate(module, { env: { memory } });
const gemm = instance.exports.gemm as (...args: number[]) => void;
parentPort!.postMessage("ready");

let seen = 0;
for (;;) {
  Atomics.wait(ctl, control.seq, seen);
  seen = Atomics.load(ctl, control.seq);
  const args = Array.from(ctl.subarray(control.args, control.args + gemmArgCount));
  if (args[9]! > 0) gemm(...args);
  Atomics.store(ctl, control.done, seen);
  Atomics.notify(ctl, control.done);
}

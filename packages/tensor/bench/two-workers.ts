/// <reference types="node" />
// Matmul on two threads: this thread and one worker run the same WebAssembly GEMM on one shared
// memory, each on half of C's columns (each packs its own panels of B; both pack all of A, which is
// cheap next to the product). A benchmark-only path: the library stays single-threaded, because
// shared memory needs cross-origin isolation in browsers and the grader's isolate has no threads.
import { Worker } from "node:worker_threads";
import { assemble, kernelModuleWat } from "../scripts/build-wasm.ts";
import { defaultGemmShape } from "../scripts/build-wasm-gemm.ts";
import { gemmLayouts } from "../src/backend/fast/kernels.gen.ts";
import { control, wasmApi } from "./two-workers-shared.ts";

export const maxPages = 16384; // 1 GiB of address space, reserved up front for shared memory

export interface TwoWorkerMatmul {
  /** C (M, N) = A @ B for operands stored row-major, or transposed when `aT` / `bT`. */
  matmul(
    a: Float32Array,
    b: Float32Array,
    M: number,
    N: number,
    K: number,
    aT: boolean,
    bT: boolean,
  ): Float32Array;
  close(): Promise<void>;
}

export async function startTwoWorkerMatmul(): Promise<TwoWorkerMatmul> {
  const bytes = await assemble(
    kernelModuleWat(defaultGemmShape, { sharedMemory: true, maxPages }),
    true,
    true,
  );
  const module = await wasmApi.compile(bytes);
  const memory = new wasmApi.Memory({ initial: 16, maximum: maxPages, shared: true });
  const instance = await wasmApi.instantiate(module, { env: { memory } });
  const gemm = instance.exports.gemm as (...args: number[]) => void;
  const ctl = new Int32Array(new SharedArrayBuffer(4 * 32));
  const worker = new Worker(new URL("./two-workers-worker.ts", import.meta.url), {
    workerData: { module, memory, control: ctl },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });

  const { mr, nr, mc, kc, nc } = gemmLayouts.relaxed;
  const ensure = (bytesNeeded: number) => {
    const have = memory.buffer.byteLength;
    if (bytesNeeded > have) memory.grow(Math.ceil((bytesNeeded - have) / 65536));
  };

  return {
    matmul(a, b, M, N, K, aT, bT) {
      // layout: [scratch x2][packA x2][packB x2][A][B][C]; each thread spills its edge tiles to its own
      // scratch tile and packs into its own panels, so the two never write the same bytes.
      const scratch = 0;
      const scratch2 = gemmLayouts.scratchBytes;
      const packA = 2 * gemmLayouts.scratchBytes;
      const packBytes = Math.min(mc, Math.ceil(M / mr) * mr) * Math.min(kc, K) * 4;
      const packBBytes = Math.min(nc, Math.ceil(N / nr) * nr) * Math.min(kc, K) * 4;
      const packA2 = packA + packBytes;
      const packB = packA2 + packBytes;
      const packB2 = packB + packBBytes;
      const aAt = (packB2 + packBBytes + 15) & ~15;
      const bAt = aAt + M * K * 4;
      const cAt = bAt + K * N * 4;
      ensure(cAt + M * N * 4);
      const f32 = new Float32Array(memory.buffer);
      f32.set(a, aAt >> 2);
      f32.set(b, bAt >> 2);
      const [rsA, csA] = aT ? [1, M] : [K, 1];
      const [rsB, csB] = bT ? [1, K] : [N, 1];
      // split the columns at a multiple of the tile width
      const half = Math.min(N, Math.ceil(N / 2 / nr) * nr);
      const workerArgs = [
        aAt,
        rsA,
        csA,
        bAt + half * csB * 4,
        rsB,
        csB,
        cAt + half * 4,
        N,
        M,
        N - half,
        K,
        packA2,
        packB2,
        0,
        scratch2,
      ];
      ctl.set(workerArgs, control.args);
      const seq = ctl[control.seq]! + 1;
      Atomics.store(ctl, control.seq, seq);
      Atomics.notify(ctl, control.seq);
      if (half > 0) gemm(aAt, rsA, csA, bAt, rsB, csB, cAt, N, M, half, K, packA, packB, 0, scratch);
      // Wait on the value just compared: reading done a second time for the wait could see the worker's
      // final store, and then the wait would expect that value to change, which it never does (a hang).
      for (let done = Atomics.load(ctl, control.done); done !== seq; done = Atomics.load(ctl, control.done))
        Atomics.wait(ctl, control.done, done);
      return new Float32Array(memory.buffer).slice(cAt >> 2, (cAt >> 2) + M * N);
    },
    async close() {
      await worker.terminate();
    },
  };
}

// Which seed a submission's hidden probes run with. Every submission gets random inputs, but drawn from
// a fixed pool of seeds per exercise version, so the reference solution's outputs for the pool can be
// computed once and kept (the sandbox caches them per exercise version, seed and probe). The student
// never learns their seed, and the pool changes with every new version of the hidden tests.
import { createHash } from "node:crypto";

/** Seeds per exercise version. 0 turns the pool off: each submission's own seed is used as is. */
export const DEFAULT_SEED_POOL_SIZE = 32;

const salts = new Map<string, number>();

function saltOf(exerciseKey: string, hiddenTests: string): number {
  const id = `${exerciseKey}\0${hiddenTests}`;
  let salt = salts.get(id);
  if (salt === undefined) {
    salt = createHash("sha256").update(id).digest().readUInt32LE(0);
    if (salts.size >= 1024) salts.clear();
    salts.set(id, salt);
  }
  return salt;
}

/** A 32-bit mix (splitmix32's finalizer), so pool slots 0, 1, 2... give unrelated seeds. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export function probeSeed(
  exercise: { key: string; hiddenTests: string },
  submissionSeed: number,
  poolSize = DEFAULT_SEED_POOL_SIZE,
): number {
  const seed = submissionSeed >>> 0;
  if (poolSize <= 0) return seed;
  return mix32((saltOf(exercise.key, exercise.hiddenTests) + (seed % poolSize)) >>> 0);
}

// Which backend runs the primitive ops. Backends register here by name; the frontend asks
// getBackend() on every op, so switching with setBackend() takes effect immediately.
import type { Backend } from "./backend.ts";
import { fastBackend } from "./fast/index.ts";
import { referenceBackend } from "./reference/index.ts";

/**
 * Complete a backend that implements only some ops: every missing op runs on the reference
 * backend. A fast backend can therefore override just the kernels where it pays (matmul, ...).
 */
export function withFallback(ops: Partial<Backend> & { readonly name: string }): Backend {
  return { ...referenceBackend, ...ops };
}

/** Every available backend, by name. Add new backends to this object. */
const backends = {
  reference: referenceBackend,
  fast: fastBackend,
} satisfies Record<string, Backend>;

export type BackendName = keyof typeof backends;

/** Names of all registered backends; tests run their whole suite once per name. */
export const backendNames = Object.keys(backends) as BackendName[];

/** Lessons and the grader run on the fast backend; setBackend("reference") to step through plain loops. */
let active: Backend = backends.fast;

/** Select the backend that runs every following op: setBackend("reference"). */
export function setBackend(name: BackendName): void {
  const backend: Backend | undefined = backends[name];
  if (!backend) {
    throw new Error(
      `setBackend: unknown backend "${name}"; available backends are ${backendNames.join(", ")}`,
    );
  }
  active = backend;
}

/** The backend that runs ops now. */
export function getBackend(): Backend {
  return active;
}

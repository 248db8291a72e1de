// The test harness of the stop-gap local runner (see local-runner.ts): test, expect, expectClose and
// probe as the exercise contract describes them. Tests register here; the runner's worker runs them.

type TestFn = () => unknown;
type Tolerance = { atol?: number; rtol?: number };
type Rng = {
  seed: number;
  int(lo: number, hi: number): number;
  float(): number;
  normal(): number;
  pick<T>(items: readonly T[]): T;
  words(n: number, options?: { minLength?: number; maxLength?: number }): string[];
};
type ProbeSpec = {
  input: (rng: Rng) => unknown;
  run: (input: never) => unknown;
  tolerance?: Tolerance;
};

export const registry: {
  tests: { name: string; fn: TestFn; weight: number }[];
  probes: Map<string, ProbeSpec>;
} = { tests: [], probes: new Map() };

export function test(name: string, fn: TestFn, options: { weight?: number } = {}): void {
  registry.tests.push({ name, fn, weight: options.weight ?? 1 });
}

export function probe(name: string, spec: ProbeSpec): void {
  registry.probes.set(name, spec);
}

class AssertionFailed extends Error {
  override name = "AssertionFailed";
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Map && b instanceof Map) {
    return a.size === b.size && [...a].every(([k, v]) => b.has(k) && deepEqual(v, b.get(k)));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || Array.isArray(a) !== Array.isArray(b)) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function expect(actual: unknown) {
  return {
    toBe(expected: unknown) {
      if (!Object.is(actual, expected))
        throw new AssertionFailed(`expected ${show(expected)}, got ${show(actual)}`);
    },
    toEqual(expected: unknown) {
      if (!deepEqual(actual, expected)) {
        throw new AssertionFailed(`expected ${show(expected)}, got ${show(actual)}`);
      }
    },
    toBeCloseTo(expected: number, digits = 2) {
      if (typeof actual !== "number" || Math.abs(actual - expected) >= 10 ** -digits / 2) {
        throw new AssertionFailed(`expected ${expected} to ${digits} digits, got ${show(actual)}`);
      }
    },
    toThrow(message?: string) {
      if (typeof actual !== "function") throw new AssertionFailed("toThrow needs a function");
      try {
        actual();
      } catch (error) {
        if (message && !String((error as Error)?.message).includes(message)) {
          throw new AssertionFailed(
            `expected an error with "${message}", got "${(error as Error)?.message}"`,
          );
        }
        return;
      }
      throw new AssertionFailed("expected the function to throw");
    },
  };
}

export function expectClose(actual: unknown, expected: unknown, tolerance: Tolerance = {}): void {
  const mismatch = findMismatch(actual, expected, tolerance.atol ?? 1e-5, tolerance.rtol ?? 1e-4, "value");
  if (mismatch) throw new AssertionFailed(mismatch);
}

/** Where two plain values differ beyond the tolerance, in words; undefined when they agree. */
export function findMismatch(
  actual: unknown,
  expected: unknown,
  atol: number,
  rtol: number,
  at: string,
): string | undefined {
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isNaN(expected) && Number.isNaN(actual)) return undefined;
    return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected)
      ? undefined
      : `${at}: expected ${expected}, got ${actual}`;
  }
  if (ArrayBuffer.isView(expected)) expected = Array.from(expected as unknown as ArrayLike<number>);
  if (ArrayBuffer.isView(actual)) actual = Array.from(actual as unknown as ArrayLike<number>);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) {
      return `${at}: expected length ${expected.length}, got ${actual.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const m: string | undefined = findMismatch(actual[i], expected[i], atol, rtol, `${at}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null)
      return `${at}: expected an object, got ${show(actual)}`;
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const m: string | undefined = findMismatch(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        atol,
        rtol,
        `${at}.${key}`,
      );
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : `${at}: expected ${show(expected)}, got ${show(actual)}`;
}

/** A small seeded generator (mulberry32): the same seed gives the same probe inputs. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const float = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(float() * (hi - lo + 1));
  return {
    seed,
    float,
    int,
    normal: () => Math.sqrt(-2 * Math.log(1 - float())) * Math.cos(2 * Math.PI * float()),
    pick: (items) => items[int(0, items.length - 1)]!,
    words: (n, options = {}) =>
      Array.from({ length: n }, () => {
        const length = int(options.minLength ?? 1, options.maxLength ?? 8);
        return Array.from({ length }, () => String.fromCharCode(97 + int(0, 25))).join("");
      }),
  };
}

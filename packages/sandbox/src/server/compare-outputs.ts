import type { Decoded } from "./decode.ts";

export type Tolerance = { atol: number; rtol: number };

const isTagged = (value: Decoded, tag: string): boolean =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  (value as { $?: unknown }).$ === tag;

function closeNumbers(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  if (actual === expected) return true;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

function closeLists(actual: number[], expected: number[], tol: Tolerance): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < actual.length; i++) if (!closeNumbers(actual[i]!, expected[i]!, tol)) return false;
  return true;
}

/**
 * Does the student's probe output match the reference's? Numbers (also inside arrays, typed arrays
 * and tensors) within |a - e| <= atol + rtol * |e|; everything else exactly. Runs in the host, on
 * decoded data only. A tensor matches a tensor of the same shape (dtype may differ: float32 vs int32
 * values compare as numbers); a typed array matches a typed array of any kind with the same length.
 */
export function outputsMatch(actual: Decoded, expected: Decoded, tol: Tolerance, depth = 0): boolean {
  if (depth > 70) return false;
  if (typeof expected === "number") return typeof actual === "number" && closeNumbers(actual, expected, tol);
  if (expected === null || typeof expected !== "object") return actual === expected;
  if (actual === null || typeof actual !== "object") return false;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    return expected.every((item, i) => outputsMatch(actual[i]!, item, tol, depth + 1));
  }
  if (Array.isArray(actual)) return false;
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  if (e.$ !== a.$) return false;
  if (isTagged(expected, "tensor")) {
    const es = e.shape as number[];
    const as = a.shape as number[];
    return (
      es.length === as.length &&
      es.every((d, i) => d === as[i]) &&
      closeLists(a.data as number[], e.data as number[], tol)
    );
  }
  if (isTagged(expected, "typed")) return closeLists(a.data as number[], e.data as number[], tol);
  if (isTagged(expected, "undefined")) return true;
  if (isTagged(expected, "bigint")) return a.v === e.v;
  if (isTagged(expected, "map")) {
    const ae = a.entries as [Decoded, Decoded][];
    const ee = e.entries as [Decoded, Decoded][];
    if (ae.length !== ee.length) return false;
    // Maps compare by key, whatever the insertion order; keys are primitives in practice.
    return ee.every(([key, value]) => {
      const match = ae.find(([k]) => outputsMatch(k, key, { atol: 0, rtol: 0 }, depth + 1));
      return match !== undefined && outputsMatch(match[1], value, tol, depth + 1);
    });
  }
  if (isTagged(expected, "set")) {
    const av = a.values as Decoded[];
    const ev = e.values as Decoded[];
    return av.length === ev.length && ev.every((v) => av.some((x) => outputsMatch(x, v, tol, depth + 1)));
  }
  const ek = Object.keys(e);
  const ak = Object.keys(a);
  if (ek.length !== ak.length) return false;
  return ek.every(
    (key) => Object.hasOwn(a, key) && outputsMatch(a[key] as Decoded, e[key] as Decoded, tol, depth + 1),
  );
}

// biome-ignore-all lint/suspicious/noExplicitAny: this file runs inside the sandbox on values of any shape.
/**
 * `@nanoschool/harness`: test, expect, expectClose and probe, as student code and tests see them.
 *
 * It runs INSIDE the sandbox, beside student code, so the host trusts nothing it says about hidden
 * tests (those are probes whose outputs the host compares itself). For visible tests it is made
 * hard to fool: every intrinsic it uses is captured before student code runs, its exports are
 * frozen, its registry lives in this closure, and registration is closed while any module other
 * than the test file evaluates, so a submission cannot add, replace or rename tests.
 *
 * Self-contained (no imports, no outer variables): see serialize.ts.
 */
export function createHarness(deps: {
  format: (value: unknown) => string;
  errorMessage: (error: unknown) => string;
  isTensor: (value: unknown) => boolean;
  tensorParts: (value: any) => { shape: number[]; dtype: string; data: ArrayLike<number> };
  now: () => number;
}) {
  const call = Function.prototype.call.bind(Function.prototype.call) as (
    fn: any,
    self: any,
    ...args: any[]
  ) => any;
  const ObjectIs = Object.is;
  const isArray = Array.isArray;
  const ownKeys = Object.keys;
  const getPrototypeOf = Object.getPrototypeOf;
  const freeze = Object.freeze;
  const isView = ArrayBuffer.isView as (value: unknown) => boolean;
  // A typed array's length is a getter on %TypedArray%.prototype that student code can redefine.
  const typedLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), "length")!
    .get!;
  const lengthOf = (v: any): number => (isView(v) ? call(typedLength, v) : v.length);
  const abs = Math.abs;
  const MathMax = Math.max;
  const MathFloor = Math.floor;
  const MathLog = Math.log;
  const MathSqrt = Math.sqrt;
  const MathCos = Math.cos;
  const MathPow = Math.pow;
  const MathImul = Math.imul;
  const TWO_PI = 2 * Math.PI;
  const isNaNNumber = Number.isNaN;
  const isFiniteNumber = Number.isFinite;
  const Infinity_ = Number.POSITIVE_INFINITY;
  const createObject = Object.create;
  const toText = String;
  const toNumber = Number;
  const stringIncludes = String.prototype.includes;
  const stringFromCharCode = String.fromCharCode;
  const regexpTest = RegExp.prototype.test;
  const RegExpProto = RegExp.prototype;
  const MapProto = Map.prototype;
  const SetProto = Set.prototype;
  const mapGet = Map.prototype.get;
  const mapHas = Map.prototype.has;
  const mapKeys = Map.prototype.keys;
  const setHas = Set.prototype.has;
  const setValues = Set.prototype.values;
  const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, "size")!.get!;
  const setSize = Object.getOwnPropertyDescriptor(Set.prototype, "size")!.get!;
  const iteratorNext = Object.getPrototypeOf(new Map().keys()).next;
  const setIteratorNext = Object.getPrototypeOf(new Set().values()).next;
  const BaseError = Error;
  const { format, errorMessage } = deps;
  const defineOwn = Object.defineProperty;
  /** arr[index] = value, without running a setter student code put on Array.prototype or Object.prototype. */
  const put = (arr: unknown[], index: number, value: unknown) => {
    defineOwn(arr, index, { value, writable: true, enumerable: true, configurable: true });
  };

  /** Thrown by a failed expectation; a test that throws it "failed", anything else is an "error". */
  class AssertionError extends BaseError {
    constructor(message: string) {
      super(message);
      this.name = "AssertionError";
    }
  }
  const fail = (message: string): never => {
    throw new AssertionError(message);
  };

  // ---- deep equality ------------------------------------------------------------------------

  function keysOfMap(m: any): unknown[] {
    const out: unknown[] = [];
    const it = call(mapKeys, m);
    for (let r = call(iteratorNext, it); !r.done; r = call(iteratorNext, it)) put(out, out.length, r.value);
    return out;
  }
  function valuesOfSet(s: any): unknown[] {
    const out: unknown[] = [];
    const it = call(setValues, s);
    for (let r = call(setIteratorNext, it); !r.done; r = call(setIteratorNext, it))
      put(out, out.length, r.value);
    return out;
  }

  function deepEqual(a: any, b: any, depth: number): boolean {
    if (ObjectIs(a, b)) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (depth > 100) return false;
    if (deps.isTensor(a) || deps.isTensor(b)) {
      if (!deps.isTensor(a) || !deps.isTensor(b)) return false;
      const ta = deps.tensorParts(a);
      const tb = deps.tensorParts(b);
      return deepEqual(ta.shape, tb.shape, depth + 1) && deepEqual(ta.data, tb.data, depth + 1);
    }
    const pa = getPrototypeOf(a);
    if (pa !== getPrototypeOf(b)) return false;
    if (isArray(a) || isView(a)) {
      const n = lengthOf(a);
      if (n !== lengthOf(b)) return false;
      for (let i = 0; i < n; i++) if (!deepEqual(a[i], b[i], depth + 1)) return false;
      return true;
    }
    if (pa === MapProto) {
      if (call(mapSize, a) !== call(mapSize, b)) return false;
      const keys = keysOfMap(a);
      for (let i = 0; i < keys.length; i++) {
        if (!call(mapHas, b, keys[i])) return false;
        if (!deepEqual(call(mapGet, a, keys[i]), call(mapGet, b, keys[i]), depth + 1)) return false;
      }
      return true;
    }
    if (pa === SetProto) {
      if (call(setSize, a) !== call(setSize, b)) return false;
      const values = valuesOfSet(a);
      for (let i = 0; i < values.length; i++) if (!call(setHas, b, values[i])) return false;
      return true;
    }
    const ka = ownKeys(a);
    const kb = ownKeys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      const key = ka[i] as string;
      if (!deepEqual(a[key], b[key], depth + 1)) return false;
    }
    return true;
  }

  // ---- numbers, arrays and tensors as (shape, flat data) for expectClose ----------------------

  type Numeric = { shape: number[]; data: number[] };

  function toNumeric(value: any, what: string): Numeric {
    if (typeof value === "number") return { shape: [], data: [value] };
    if (deps.isTensor(value)) {
      const t = deps.tensorParts(value);
      const shape: number[] = [];
      let count = 1;
      for (let i = 0; i < t.shape.length; i++) {
        put(shape, i, toNumber(t.shape[i]));
        count *= shape[i] as number;
      }
      const n = lengthOf(t.data);
      if (n !== count)
        fail(`expectClose: ${what} is a tensor of shape ${shapeText(shape)} holding ${n} values`);
      const data: number[] = [];
      for (let i = 0; i < n; i++) put(data, i, toNumber(t.data[i]));
      return { shape, data };
    }
    if (isView(value)) {
      const data: number[] = [];
      const n = lengthOf(value);
      for (let i = 0; i < n; i++) put(data, i, toNumber(value[i]));
      return { shape: [n], data };
    }
    if (isArray(value)) {
      const shape: number[] = [];
      let probe: any = value;
      while (isArray(probe)) {
        put(shape, shape.length, probe.length);
        probe = probe[0];
      }
      const data: number[] = [];
      const walk = (v: any, dim: number) => {
        if (dim === shape.length) {
          if (typeof v !== "number")
            fail(`expectClose: ${what} holds ${format(v)} where a number was expected`);
          put(data, data.length, v);
          return;
        }
        if (!isArray(v) || v.length !== shape[dim])
          fail(`expectClose: ${what} is a ragged array, not a grid of numbers`);
        for (let i = 0; i < v.length; i++) walk(v[i], dim + 1);
      };
      walk(value, 0);
      return { shape, data };
    }
    return fail(
      `expectClose: ${what} is ${format(value)}; pass a number, an array of numbers, a typed array or a tensor`,
    );
  }

  const shapeText = (shape: number[]) => {
    let out = "(";
    for (let i = 0; i < shape.length; i++) out += (i ? ", " : "") + toText(shape[i]);
    return out + (shape.length === 1 ? ",)" : ")");
  };
  const indexText = (flat: number, shape: number[]) => {
    const index: number[] = [];
    let rest = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      const size = shape[d] as number;
      index[d] = rest % size;
      rest = MathFloor(rest / size);
    }
    let out = "[";
    for (let i = 0; i < index.length; i++) out += (i ? ", " : "") + toText(index[i]);
    return out + "]";
  };

  /** Compare with |actual - expected| <= atol + rtol * |expected|; NaN matches NaN. */
  function expectClose(actual: unknown, expected: unknown, options?: { atol?: number; rtol?: number }): void {
    const atol = options && typeof options.atol === "number" ? options.atol : 1e-5;
    const rtol = options && typeof options.rtol === "number" ? options.rtol : 1e-4;
    const a = toNumeric(actual, "the actual value");
    const e = toNumeric(expected, "the expected value");
    let sameShape = a.shape.length === e.shape.length;
    for (let i = 0; sameShape && i < a.shape.length; i++) sameShape = a.shape[i] === e.shape[i];
    if (!sameShape)
      fail(`expectClose: shapes differ: actual ${shapeText(a.shape)}, expected ${shapeText(e.shape)}`);
    let bad = 0;
    let worst = -1;
    let worstExcess = -1;
    for (let i = 0; i < a.data.length; i++) {
      const x = a.data[i] as number;
      const y = e.data[i] as number;
      if (isNaNNumber(x) && isNaNNumber(y)) continue;
      const diff = abs(x - y);
      const allowed = atol + rtol * abs(y);
      const excess = isNaNNumber(diff) ? Infinity_ : diff - allowed;
      if (!(diff <= allowed) || (x !== y && !isFiniteNumber(diff))) {
        bad++;
        if (excess > worstExcess || worst < 0) {
          worst = i;
          worstExcess = excess;
        }
      }
    }
    if (bad > 0) {
      const x = a.data[worst] as number;
      const y = e.data[worst] as number;
      const where = a.shape.length ? ` at ${indexText(worst, a.shape)}` : "";
      fail(
        `expectClose: ${bad} of ${a.data.length} element${a.data.length === 1 ? "" : "s"} of shape ${shapeText(a.shape)} ` +
          `differ beyond atol=${atol}, rtol=${rtol}; worst${where}: actual ${x}, expected ${y} (|diff| ${abs(x - y)})`,
      );
    }
  }

  // ---- expect ----------------------------------------------------------------------------

  function makeMatchers(actual: any, negated: boolean) {
    const check = (pass: boolean, message: () => string) => {
      if (pass === negated) fail(message());
    };
    const not = negated ? "not " : "";
    return freeze({
      toBe(expected: unknown) {
        check(ObjectIs(actual, expected), () => `expected ${format(actual)} ${not}to be ${format(expected)}`);
      },
      toEqual(expected: unknown) {
        check(
          deepEqual(actual, expected, 0),
          () => `expected ${format(actual)} ${not}to equal ${format(expected)}`,
        );
      },
      toBeCloseTo(expected: number, digits = 2) {
        const ok = typeof actual === "number" && abs(actual - expected) < MathPow(10, -digits) / 2;
        check(
          ok,
          () => `expected ${format(actual)} ${not}to be close to ${expected} (${digits} decimal digits)`,
        );
      },
      toBeTruthy() {
        check(!!actual, () => `expected ${format(actual)} ${not}to be truthy`);
      },
      toBeFalsy() {
        check(!actual, () => `expected ${format(actual)} ${not}to be falsy`);
      },
      toBeGreaterThan(n: number) {
        check(actual > n, () => `expected ${format(actual)} ${not}to be greater than ${format(n)}`);
      },
      toBeLessThan(n: number) {
        check(actual < n, () => `expected ${format(actual)} ${not}to be less than ${format(n)}`);
      },
      toHaveLength(n: number) {
        const length = actual !== null && actual !== undefined ? actual.length : undefined;
        check(length === n, () => `expected length ${format(length)} ${not}to be ${n}`);
      },
      toContain(item: unknown) {
        let found = false;
        if (typeof actual === "string") found = call(stringIncludes, actual, item);
        else if (isArray(actual))
          for (let i = 0; i < actual.length && !found; i++) found = ObjectIs(actual[i], item);
        check(found, () => `expected ${format(actual)} ${not}to contain ${format(item)}`);
      },
      toThrow(expected?: string | RegExp) {
        if (typeof actual !== "function")
          fail("expect(fn).toThrow(): pass a function, e.g. expect(() => f(1)).toThrow()");
        let threw = false;
        let message = "";
        try {
          actual();
        } catch (error) {
          threw = true;
          message = errorMessage(error);
        }
        let matches = threw;
        if (threw && typeof expected === "string") matches = call(stringIncludes, message, expected);
        else if (threw && expected !== undefined && getPrototypeOf(expected) === RegExpProto)
          matches = call(regexpTest, expected, message);
        check(matches, () =>
          threw
            ? `expected the error ${not}to match ${format(expected)}, got "${message}"`
            : `expected the function ${not}to throw${expected === undefined ? "" : ` ${format(expected)}`}`,
        );
      },
    });
  }

  function expect(actual: unknown) {
    const matchers: any = makeMatchers(actual, false);
    return freeze({ ...matchers, not: makeMatchers(actual, true) });
  }

  // ---- seeded random inputs for probes --------------------------------------------------------

  function createRng(seed: number) {
    let state = seed >>> 0;
    const float = () => {
      // mulberry32: small, fast, and the same stream in every JavaScript engine.
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = MathImul(t ^ (t >>> 15), t | 1);
      t ^= t + MathImul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (lo: number, hi: number) => lo + MathFloor(float() * (hi - lo));
    const rng = {
      seed: seed >>> 0,
      float,
      /** Integer in [lo, hi). */
      int,
      normal: () => MathSqrt(-2 * MathLog(1 - float())) * MathCos(TWO_PI * float()),
      pick: <T>(items: readonly T[]): T => items[int(0, items.length)] as T,
      floats: (n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out[i] = float();
        return out;
      },
      words: (n: number, opts?: { minLength?: number; maxLength?: number; alphabet?: string }) => {
        const min = opts?.minLength ?? 1;
        const max = MathMax(min, opts?.maxLength ?? 8);
        const alphabet = opts?.alphabet ?? "abcdefghijklmnopqrstuvwxyz";
        const out: string[] = [];
        for (let i = 0; i < n; i++) {
          const length = int(min, max + 1);
          let word = "";
          for (let j = 0; j < length; j++) word += alphabet[int(0, alphabet.length)];
          out[i] = word;
        }
        return out;
      },
      char: () => stringFromCharCode(97 + int(0, 26)),
    };
    return freeze(rng);
  }

  // ---- registry -------------------------------------------------------------------------------

  type TestEntry = { name: string; fn: () => unknown; weight: number };
  type ProbeSpec = {
    input?: (rng: ReturnType<typeof createRng>) => unknown;
    run: (input: any) => unknown;
    tolerance?: { atol?: number; rtol?: number };
  };
  type ProbeEntry = { name: string; spec: ProbeSpec; weight: number };
  const tests: TestEntry[] = [];
  const probes: ProbeEntry[] = [];
  let names: Record<string, true> = createObject(null);
  let registrationOpen = false;

  const checkName = (kind: string, name: unknown) => {
    if (!registrationOpen) {
      fail(`${kind}() can only be called at the top level of a test file, not from the code under test`);
    }
    if (typeof name !== "string" || name === "")
      fail(`${kind}(name, ...): the name must be a non-empty string`);
    if (names[name as string]) fail(`${kind}("${name}"): two tests have this name; give each a unique name`);
    names[name as string] = true;
  };

  function test(name: string, fn: () => unknown, options?: { weight?: number }) {
    checkName("test", name);
    if (typeof fn !== "function") fail(`test("${name}", fn): fn must be a function`);
    const weight = options && typeof options.weight === "number" && options.weight >= 0 ? options.weight : 1;
    put(tests, tests.length, { name, fn, weight });
  }

  function probe(name: string, spec: ProbeSpec) {
    checkName("probe", name);
    if (spec === null || typeof spec !== "object" || typeof spec.run !== "function") {
      fail(`probe("${name}", spec): spec.run must be a function that calls the code under test`);
    }
    const tolerance = spec.tolerance
      ? freeze({ atol: toNumber(spec.tolerance.atol ?? 1e-5), rtol: toNumber(spec.tolerance.rtol ?? 1e-4) })
      : freeze({ atol: 1e-5, rtol: 1e-4 });
    put(probes, probes.length, {
      name,
      spec: freeze({ input: spec.input, run: spec.run, tolerance }),
      weight: 1,
    });
  }

  /** Run one registered test; the record is a null-prototype object so no polluted prototype shows through. */
  async function runTest(index: number) {
    const entry = tests[index];
    const record: any = createObject(null);
    if (!entry) {
      record.status = "error";
      record.message = `no test number ${index}`;
      return record;
    }
    record.name = entry.name;
    const started = deps.now();
    try {
      await entry.fn();
      record.status = "passed";
      record.message = "";
    } catch (error) {
      record.status = error instanceof AssertionError ? "failed" : "error";
      record.message = errorMessage(error);
      record.error = error;
    }
    record.durationMs = deps.now() - started;
    return record;
  }

  /** Make the probe's input from the seed and return what run() observed; the host compares it. */
  async function runProbe(index: number, seed: number) {
    const entry = probes[index];
    if (!entry) throw new BaseError(`no probe number ${index}`);
    const input = entry.spec.input ? await entry.spec.input(createRng(seed)) : undefined;
    const output = await entry.spec.run(input);
    return { output, tolerance: entry.spec.tolerance };
  }

  const publicApi = freeze({ test, expect, expectClose, probe });
  const internal = freeze({
    openRegistration: () => {
      registrationOpen = true;
    },
    closeRegistration: () => {
      registrationOpen = false;
    },
    /** Forget every registered test and probe (the browser reuses one worker for many runs). */
    clearRegistry: () => {
      tests.length = 0;
      probes.length = 0;
      names = createObject(null);
    },
    listTests: () => {
      const out: { name: string; weight: number }[] = [];
      for (let i = 0; i < tests.length; i++) put(out, i, { name: tests[i]!.name, weight: tests[i]!.weight });
      return out;
    },
    listProbes: () => {
      const out: { name: string }[] = [];
      for (let i = 0; i < probes.length; i++) put(out, i, { name: probes[i]!.name });
      return out;
    },
    runTest,
    runProbe,
    AssertionError,
  });
  return { publicApi, internal };
}

// The fast elementwise kernels must agree with the reference backend, on every stride pattern they
// special-case (contiguous, broadcast scalar on either side, strided, transposed, batched).
import { afterAll, describe, expect, it } from "vitest";
import type { BinaryOp, StridedArray, UnaryOp } from "../backend.ts";
import { referenceBackend } from "../reference/index.ts";
import { binaryFast, copyFast, reduceFast, whereFast } from "./elementwise.ts";
import { gatherFast, scatterAddFast } from "./gather.ts";
import { softmaxFast } from "./softmax.ts";
import { unaryFast } from "./unary.ts";
import { setWasmDisabled } from "./wasm-runtime.ts";

function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (((s >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

function contiguous(shape: number[], data: Float32Array, offset = 0): StridedArray {
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return { data, shape, strides, offset };
}

function expectAllClose(actual: Float32Array, expected: Float32Array, rtol: number, atol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (Number.isNaN(e)) {
      expect(a, `element ${i}`).toBeNaN();
      continue;
    }
    if (a !== e && !(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`element ${i}: fast gives ${a}, reference ${e}`);
    }
  }
}

describe("fast unary kernels", () => {
  afterAll(() => setWasmDisabled(false));
  // From deep in the tails (where exp under/overflows and tanh saturates) through zero, densely.
  const n = 4003; // not a multiple of 4: the padded tail must not leak into the result
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = -100 + (200 * i) / (n - 1);
  values.set([0, -0, 1e-7, -1e-7, 1e-3, 0.6249, 0.6251, -0.6251, Number.NaN], 100);
  const ops: UnaryOp[] = ["exp", "tanh", "sigmoid", "gelu", "geluGrad", "neg", "relu", "abs", "sqrt", "log"];

  for (const wasm of [true, false]) {
    for (const op of ops) {
      it(`${op} matches the reference (${wasm ? "WebAssembly" : "TypeScript"} path)`, () => {
        setWasmDisabled(!wasm);
        const x = contiguous([n], values);
        const fast = new Float32Array(n);
        const ref = new Float32Array(n);
        unaryFast(op, x, fast);
        referenceBackend.unary(op, x, ref);
        expectAllClose(fast, ref, 2e-6, 1e-7);
      });
    }
  }

  it("tanh keeps its relative precision near 0, where 1 - 2/(e^2x + 1) would not", () => {
    const x = contiguous(
      [64],
      Float32Array.from({ length: 64 }, (_, i) => (i + 1) * 1e-6),
    );
    const out = new Float32Array(64);
    unaryFast("tanh", x, out);
    for (let i = 0; i < 64; i++) expect(Math.abs(out[i]! / Math.tanh((i + 1) * 1e-6) - 1)).toBeLessThan(1e-6);
  });

  it("reads a strided input through the reference path and agrees", () => {
    const data = randomArray(200, 3, 4);
    const x: StridedArray = { data, shape: [10, 10], strides: [1, 10], offset: 0 }; // transposed
    const fast = new Float32Array(100);
    const ref = new Float32Array(100);
    unaryFast("gelu", x, fast);
    referenceBackend.unary("gelu", x, ref);
    expectAllClose(fast, ref, 2e-6, 1e-7);
  });
});

describe("fast binary, where, copy and sum", () => {
  const shape = [3, 5, 37];
  const a = contiguous(shape, randomArray(3 * 5 * 37 + 2, 1), 2);
  const bFull = contiguous(shape, randomArray(3 * 5 * 37, 2));
  const bRow: StridedArray = { data: randomArray(37, 3), shape, strides: [0, 0, 1], offset: 0 }; // bias (37)
  const bColumn: StridedArray = { data: randomArray(15, 4), shape, strides: [5, 1, 0], offset: 0 }; // (3, 5, 1)
  const bScalar: StridedArray = { data: Float32Array.of(0.75), shape, strides: [0, 0, 0], offset: 0 };
  const transposed: StridedArray = {
    data: randomArray(3 * 5 * 37, 5),
    shape,
    strides: [185, 1, 5],
    offset: 0,
  };
  const partners = { full: bFull, row: bRow, column: bColumn, scalar: bScalar, transposed };

  for (const op of [
    "add",
    "sub",
    "mul",
    "div",
    "pow",
    "maximum",
    "lt",
    "tanhGrad",
    "geluBackward",
  ] as BinaryOp[]) {
    for (const [name, b] of Object.entries(partners)) {
      for (const swap of [false, true]) {
        it(`${op} with a ${name} operand ${swap ? "on the left" : "on the right"}`, () => {
          const [x, y] = swap ? [b, a] : [a, b];
          const fast = new Float32Array(3 * 5 * 37);
          const ref = new Float32Array(3 * 5 * 37);
          binaryFast(op, x, y, fast);
          referenceBackend.binary(op, x, y, ref);
          // float32 SIMD rounds the gradients' steps one by one, the reference once in double
          const tolerance = op === "tanhGrad" || op === "geluBackward" ? 1e-6 : 0;
          expectAllClose(fast, ref, tolerance, tolerance);
        });
      }
    }
  }

  // rows of a multiple of 4 floats: the layouts the WebAssembly kernel takes (a bias down a batch)
  for (const op of ["add", "sub", "mul", "div", "tanhGrad", "geluBackward"] as BinaryOp[]) {
    it(`${op} on the WebAssembly path: full, and a bias row on either side, as the TypeScript path`, () => {
      const [rows, n] = [9, 64];
      const x = contiguous([rows, n], randomArray(rows * n + 3, 6), 3);
      const full = contiguous([rows, n], randomArray(rows * n, 7));
      const row: StridedArray = { data: randomArray(n + 1, 8), shape: [rows, n], strides: [0, 1], offset: 1 };
      for (const [left, right] of [
        [x, full],
        [x, row],
        [row, x],
      ]) {
        const [wasm, ts] = [new Float32Array(rows * n), new Float32Array(rows * n)];
        binaryFast(op, left!, right!, wasm);
        setWasmDisabled(true);
        binaryFast(op, left!, right!, ts);
        setWasmDisabled(false);
        expectAllClose(wasm, ts, 1e-6, 1e-6);
      }
    });
  }

  it("int32 operands go to the reference kernel and keep integer results", () => {
    const x: StridedArray = { data: Int32Array.of(7, -7, 9), shape: [3], strides: [1], offset: 0 };
    const y: StridedArray = { data: Int32Array.of(2, 2, 4), shape: [3], strides: [1], offset: 0 };
    const out = new Int32Array(3);
    binaryFast("div", x, y, out);
    expect(Array.from(out)).toEqual([3, -3, 2]);
  });

  it("where with a broadcast mask (the causal mask of attention)", () => {
    const T = 9;
    const mask = new Float32Array(T * T).map((_, i) => (i % T <= Math.floor(i / T) ? 1 : 0));
    const cond: StridedArray = { data: mask, shape: [2, T, T], strides: [0, T, 1], offset: 0 };
    const x = contiguous([2, T, T], randomArray(2 * T * T, 6));
    const fill: StridedArray = {
      data: Float32Array.of(-1e9),
      shape: [2, T, T],
      strides: [0, 0, 0],
      offset: 0,
    };
    const fast = new Float32Array(2 * T * T);
    const ref = new Float32Array(2 * T * T);
    whereFast(cond, x, fill, fast);
    referenceBackend.where(cond, x, fill, ref);
    expectAllClose(fast, ref, 0, 0);
  });

  for (const [name, src] of [
    [
      "a transposed matrix (tiled path)",
      { data: randomArray(70 * 45, 7), shape: [45, 70], strides: [1, 45], offset: 0 },
    ],
    [
      "batched transposes (B, nh, T, hs) -> (B, T, nh, hs)",
      {
        data: randomArray(2 * 3 * 33 * 8, 8),
        shape: [2, 33, 3, 8],
        strides: [3 * 33 * 8, 8, 33 * 8, 1],
        offset: 0,
      },
    ],
    [
      "a weight-sized transpose, 4 x 4 blocks plus both edges",
      { data: randomArray(130 * 67 + 3, 15), shape: [130, 67], strides: [1, 130], offset: 3 },
    ],
    [
      "a batch of transposes",
      { data: randomArray(3 * 33 * 41, 16), shape: [3, 33, 41], strides: [33 * 41, 1, 33], offset: 0 },
    ],
    ["a strided slice", { data: randomArray(400, 9), shape: [7, 9], strides: [40, 3], offset: 5 }],
    ["a long contiguous run", contiguous([3, 100], randomArray(302, 10), 2)],
  ] as [string, StridedArray][]) {
    for (const wasm of [true, false]) {
      it(`copy of ${name} (${wasm ? "WebAssembly" : "TypeScript"} path)`, () => {
        setWasmDisabled(!wasm);
        const n = src.shape.reduce((p, d) => p * d, 1);
        const fast = new Float32Array(n);
        const ref = new Float32Array(n);
        copyFast(src, contiguous([...src.shape], fast));
        referenceBackend.copy(src, contiguous([...src.shape], ref));
        setWasmDisabled(false);
        expectAllClose(fast, ref, 0, 0);
      });
    }
  }

  for (const axes of [[0], [0, 1], [2], [1, 2], [0, 1, 2], [1], [0, 2]]) {
    it(`sum over axes [${axes}] of a (3, 5, 37) array`, () => {
      const outShape = shape.filter((_, i) => !axes.includes(i));
      const n = outShape.reduce((p, d) => p * d, 1);
      const fast = new Float32Array(n);
      const ref = new Float32Array(n);
      reduceFast("sum", a, axes, fast);
      referenceBackend.reduce("sum", a, axes, ref);
      expectAllClose(fast, ref, 1e-6, 1e-6);
    });
  }

  it("sum over the leading axes on the WebAssembly path (a bias gradient) equals the TypeScript path", () => {
    for (const [shape2, axes] of [
      [[64, 256], [0]],
      [
        [4, 16, 40],
        [0, 1],
      ],
    ] as [number[], number[]][]) {
      const n = shape2.reduce((p, d) => p * d, 1);
      const x = contiguous(shape2, randomArray(n + 5, 9), 5);
      const kept = n / axes.reduce((p, a) => p * shape2[a]!, 1);
      const [wasm, ts, ref] = [new Float32Array(kept), new Float32Array(kept), new Float32Array(kept)];
      reduceFast("sum", x, axes, wasm);
      setWasmDisabled(true);
      reduceFast("sum", x, axes, ts);
      setWasmDisabled(false);
      referenceBackend.reduce("sum", x, axes, ref);
      expect(Array.from(wasm)).toEqual(Array.from(ts)); // both add in float64, in the same order
      expectAllClose(wasm, ref, 1e-6, 1e-6);
    }
  });

  it("max with indices goes to the reference kernel", () => {
    const out = new Float32Array(3 * 5);
    const indices = new Int32Array(3 * 5);
    const refOut = new Float32Array(3 * 5);
    const refIndices = new Int32Array(3 * 5);
    reduceFast("max", a, [2], out, indices);
    referenceBackend.reduce("max", a, [2], refOut, refIndices);
    expect(Array.from(indices)).toEqual(Array.from(refIndices));
    expectAllClose(out, refOut, 0, 0);
  });
});

describe("fast softmax", () => {
  afterAll(() => setWasmDisabled(false));
  // (rows, n): n = 65 (the vocabulary: not a multiple of 4) and n = 64 with a causal -inf mask
  const T = 64;
  const masked = randomArray(4 * T * T, 11, 8);
  for (let i = 0; i < masked.length; i++)
    if (i % T > Math.floor(i / T) % T) masked[i] = Number.NEGATIVE_INFINITY;
  const cases: [string, StridedArray][] = [
    ["logits (33, 65)", contiguous([33, 65], randomArray(33 * 65 + 1, 12, 30), 1)],
    ["masked attention scores (4, 64, 64)", contiguous([4, T, T], masked)],
    ["a row with one element", contiguous([40, 1], randomArray(40, 13))],
    [
      "a transposed (strided) input",
      { data: randomArray(50 * 9, 14, 5), shape: [9, 50], strides: [1, 9], offset: 0 },
    ],
  ];
  for (const wasm of [true, false]) {
    for (const [name, x] of cases) {
      for (const log of [false, true]) {
        it(`${log ? "log-softmax" : "softmax"} of ${name} (${wasm ? "WebAssembly" : "TypeScript"} path)`, () => {
          setWasmDisabled(!wasm);
          const n = x.shape.reduce((p, d) => p * d, 1);
          const fast = new Float32Array(n);
          const ref = new Float32Array(n);
          softmaxFast(x, fast, log);
          referenceBackend.softmax(x, ref, log);
          expectAllClose(fast, ref, 2e-6, 1e-7);
        });
      }
    }
  }

  it("a masked score gets a probability of exactly 0 (on the WebAssembly path too)", () => {
    const row = [1, 2, 3, Number.NEGATIVE_INFINITY, 0, -1, Number.NEGATIVE_INFINITY, 2];
    // 64 elements: large enough to take the WebAssembly path
    const x = contiguous(
      [8, 8],
      Float32Array.from({ length: 64 }, (_, k) => row[k % 8]!),
    );
    const out = new Float32Array(64);
    softmaxFast(x, out, false);
    for (let r = 0; r < 8; r++) {
      expect(out[r * 8 + 3]).toBe(0);
      expect(out[r * 8 + 6]).toBe(0);
      expect(out[r * 8 + 2]!).toBeGreaterThan(0.4);
    }
  });
});

describe("fast gather and scatterAdd", () => {
  // an embedding table (V, C) and token ids (B, T) spread over C with stride 0, as indexSelect does
  const [V, C, B, T] = [11, 6, 3, 7];
  const table = contiguous([V, C], randomArray(V * C, 17));
  const ids = Int32Array.from({ length: B * T }, (_, i) => (i * 7) % V);
  const index: StridedArray = { data: ids, shape: [B * T, C], strides: [1, 0], offset: 0 };

  it("gather of embedding rows matches the reference", () => {
    const fast = new Float32Array(B * T * C);
    const ref = new Float32Array(B * T * C);
    gatherFast(table, 0, index, fast);
    referenceBackend.gather(table, 0, index, ref);
    expectAllClose(fast, ref, 0, 0);
  });

  it("gather along the last dim with a full index (what crossEntropy picks)", () => {
    const logits = contiguous([5, 9], randomArray(45, 18));
    const picks: StridedArray = {
      data: Int32Array.of(3, 0, 8, 8, 1),
      shape: [5, 1],
      strides: [1, 1],
      offset: 0,
    };
    const fast = new Float32Array(5);
    const ref = new Float32Array(5);
    gatherFast(logits, 1, picks, fast);
    referenceBackend.gather(logits, 1, picks, ref);
    expectAllClose(fast, ref, 0, 0);
  });

  it("scatterAdd accumulates repeated ids like the reference", () => {
    const grad = contiguous([B * T, C], randomArray(B * T * C, 19));
    const fast = new Float32Array(V * C);
    const ref = new Float32Array(V * C);
    scatterAddFast(fast, [V, C], 0, index, grad);
    referenceBackend.scatterAdd(ref, [V, C], 0, index, grad);
    expectAllClose(fast, ref, 0, 0);
  });
});

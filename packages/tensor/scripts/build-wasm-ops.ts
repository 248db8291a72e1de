// Generates the WebAssembly text of the elementwise kernels that pay for a trip into WebAssembly:
// the transcendental ones (exp, tanh, sigmoid, gelu and its derivative). JS can only call Math.exp and
// Math.tanh one number at a time (10 to 40 ns each); here they are polynomials on four lanes at once.
//
// exp: the classic range reduction. x = n ln2 + r with n an integer and |r| <= ln2/2, so
// exp(x) = 2^n exp(r): exp(r) is a degree-6 polynomial (Cephes' expf coefficients, accurate to about
// one ulp of float32), and 2^n is built directly in the exponent bits of a float.
// tanh: odd polynomial for |x| < 0.625 (where 1 - 2/(e^2x + 1) would lose digits), else via exp.
// gelu (tanh form): 0.5 x (1 + tanh(u)) = x sigmoid(2u), with u = sqrt(2/pi) (x + 0.044715 x^3).
// gelu': with s = sigmoid(2u), 0.5 (1 + tanh u) = s and 1 - tanh^2 u = 4 s (1 - s), so
// gelu'(x) = s + 2 x s (1 - s) du/dx.
//
// The functions are text macros, expanded into each kernel's loop, and every constant is splatted
// into a local once before the loops: V8 neither hoists a splat of a constant out of a loop nor
// always inlines a called function, and the two together made exp 1.5 times faster.
//
// Every kernel reads n floats at `src` and writes n floats at `dst` (both 16-byte aligned; the caller
// rounds n up to a multiple of 4 and ignores the extra lanes).

/** Op codes shared with src/backend/fast/unary.ts (through kernels.gen.ts). */
export const unaryOpCodes = { exp: 0, tanh: 1, sigmoid: 2, gelu: 3, geluGrad: 4 } as const;

/** Op codes of the "binary" export, shared with src/backend/fast/elementwise.ts. */
export const binaryOpCodes = { add: 0, sub: 1, mul: 2, div: 3, tanhGrad: 4, geluBackward: 5 } as const;

/** A float as WAT spells it (infinities are "inf" and "-inf"). */
const num = (x: number) =>
  x === Number.POSITIVE_INFINITY ? "inf" : x === Number.NEGATIVE_INFINITY ? "-inf" : String(x);

/** A v128 of four copies of x, built where it is used (for code outside the hot loops). */
const f = (x: number) => `(f32x4.splat (f32.const ${num(x)}))`;

/** The v128 constants of one kernel: each gets a local, set once before the loops. */
interface Constants {
  /** Four copies of the float x (or of the int32 x with `int`), as a local.get. */
  k(x: number, int?: boolean): string;
  /** The local declarations and the statements that set them, for the kernel's start. */
  prologue(): string;
}

function constants(): Constants {
  const names = new Map<string, string>(); // splat text -> local name
  return {
    k(x, int = false) {
      const text = int ? `(i32x4.splat (i32.const ${x}))` : f(x);
      if (!names.has(text)) names.set(text, `$c${names.size}`);
      return `(local.get ${names.get(text)})`;
    },
    prologue() {
      const entries = [...names];
      return [
        ...entries.map(([, name]) => `(local ${name} v128)`),
        ...entries.map(([text, name]) => `(local.set ${name} ${text})`),
      ].join("\n    ");
    },
  };
}

/** Scratch locals of the macros below; every kernel that expands one declares them all. */
const macroLocals = [
  "$ex0",
  "$ex",
  "$et",
  "$en",
  "$er",
  "$ep",
  "$tx",
  "$tz",
  "$ts",
  "$tb",
  "$gx",
  "$gs",
  "$gdu",
]
  .map((name) => `(local ${name} v128)`)
  .join(" ");

function madd(relaxed: boolean, a: string, b: string, c: string): string {
  return relaxed ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add (f32x4.mul ${a} ${b}) ${c})`;
}

/** The macros: each takes the text of a v128 expression and gives the text of its result. */
interface Macros {
  exp(x: string): string;
  sigmoid(x: string): string;
  tanh(x: string): string;
  gelu(x: string): string;
  geluGrad(x: string): string;
}

function macros(c: Constants, relaxed: boolean): Macros {
  const { k } = c;
  /** Horner's rule: c[0] x^k + ... + c[k], on v128 `x`. */
  const horner = (x: string, coefficients: number[]) =>
    coefficients.slice(1).reduce((acc, co) => madd(relaxed, acc, x, k(co)), k(coefficients[0]!));
  // Inputs are clamped to [-87.3, 88.7], where float32 exp is finite and normal. (pmin and pmax are one
  // instruction each; min and max, which order -0 and +0, cost several. A NaN input still comes out
  // NaN: pmax(x, lo) = x < lo ? lo : x.)
  const exp = (x: string) => `(block (result v128)
      (local.set $ex0 ${x})
      (local.set $ex (f32x4.pmin (f32x4.pmax (local.get $ex0) ${k(-87.33654)}) ${k(88.72283)}))
      ;; n = round(x log2 e) by adding 1.5 * 2^23: the float addition rounds to the nearest integer, and
      ;; the low bits of t's pattern are then n itself (no float-to-int conversion needed below)
      (local.set $et (f32x4.add (f32x4.mul (local.get $ex) ${k(Math.LOG2E)}) ${k(12582912)}))
      (local.set $en (f32x4.sub (local.get $et) ${k(12582912)}))
      ;; r = x - n ln2, with ln2 split in two so n * hi is exact
      (local.set $er (f32x4.sub (local.get $ex) (f32x4.mul (local.get $en) ${k(0.693359375)})))
      (local.set $er (f32x4.sub (local.get $er) (f32x4.mul (local.get $en) ${k(-2.1219444e-4)})))
      (local.set $ep ${horner("(local.get $er)", [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1])})
      ;; exp(r) = 1 + r + r^2 p(r)
      (local.set $ep (f32x4.add (f32x4.add ${k(1)} (local.get $er))
        (f32x4.mul (f32x4.mul (local.get $er) (local.get $er)) (local.get $ep))))
      ;; times 2^n = 2^(n-1) * 2 ((n - 1 + 127) << 23 is the bit pattern of the float 2^(n-1)); the split
      ;; keeps n = 128, reached just below the clamp, from overflowing the exponent field
      (local.set $ep (f32x4.mul (f32x4.mul (local.get $ep) ${k(2)})
        (i32x4.shl (i32x4.add (local.get $et) ${k(126 - 0x4b400000, true)}) (i32.const 23))))
      ;; above the clamp the true result overflows float32: infinity, as Math.exp gives; below it, flush
      ;; to 0 (the true value is a denormal under 1.2e-38), so a -inf attention mask gives exact zeros
      (local.set $ep (v128.bitselect ${k(Number.POSITIVE_INFINITY)} (local.get $ep) (f32x4.gt (local.get $ex0) ${k(88.72283)})))
      (v128.andnot (local.get $ep) (f32x4.lt (local.get $ex0) ${k(-87.33654)})))`;
  const sigmoid = (x: string) => `(f32x4.div ${k(1)} (f32x4.add ${k(1)} ${exp(`(f32x4.neg ${x})`)}))`;
  const tanh = (x: string) => `(block (result v128)
      (local.set $tx ${x})
      ;; |x| < 0.625: x + x^3 q(x^2) (Cephes' tanhf coefficients)
      (local.set $tz (f32x4.mul (local.get $tx) (local.get $tx)))
      (local.set $ts (f32x4.add (local.get $tx)
        (f32x4.mul (f32x4.mul (local.get $tx) (local.get $tz))
          ${horner("(local.get $tz)", [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1])})))
      ;; otherwise 2 sigmoid(2x) - 1 = 1 - 2 / (exp(2x) + 1)
      (local.set $tb (f32x4.sub ${k(1)}
        (f32x4.div ${k(2)} (f32x4.add ${exp("(f32x4.add (local.get $tx) (local.get $tx))")} ${k(1)}))))
      (v128.bitselect (local.get $ts) (local.get $tb) (f32x4.lt (f32x4.abs (local.get $tx)) ${k(0.625)})))`;
  const s2 = Math.sqrt(2 / Math.PI);
  // s = sigmoid(2u) of $gx, u = sqrt(2/pi) (x + 0.044715 x^3)
  const geluSigmoid = sigmoid(
    `(f32x4.mul (local.get $gx) (f32x4.add ${k(2 * s2)} (f32x4.mul ${k(2 * s2 * 0.044715)} (f32x4.mul (local.get $gx) (local.get $gx)))))`,
  );
  const gelu = (x: string) => `(block (result v128)
      (local.set $gx ${x})
      (f32x4.mul (local.get $gx) ${geluSigmoid}))`;
  // s + 2 x s (1 - s) du, with du = sqrt(2/pi) (1 + 3 * 0.044715 x^2)
  const geluGrad = (x: string) => `(block (result v128)
      (local.set $gx ${x})
      (local.set $gs ${geluSigmoid})
      (local.set $gdu (f32x4.add ${k(s2)} (f32x4.mul ${k(3 * s2 * 0.044715)} (f32x4.mul (local.get $gx) (local.get $gx)))))
      (f32x4.add (local.get $gs)
        (f32x4.mul (f32x4.mul (f32x4.add (local.get $gx) (local.get $gx)) (local.get $gs))
          (f32x4.mul (f32x4.sub ${k(1)} (local.get $gs)) (local.get $gdu)))))`;
  return { exp, sigmoid, tanh, gelu, geluGrad };
}

export function opsWat(relaxed: boolean): string {
  const unaryConstants = constants();
  const m = macros(unaryConstants, relaxed);
  // one loop per op, chosen once per call, so the loop body is nothing but the op
  const loops = (Object.entries(unaryOpCodes) as [keyof typeof unaryOpCodes, number][])
    .map(
      ([name, code]) => `
    (if (i32.eq (local.get $op) (i32.const ${code}))
      (then
        (loop $${name}
          (v128.store (local.get $dst) ${m[name]("(v128.load (local.get $src))")})
          (local.set $src (i32.add (local.get $src) (i32.const 16)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
          (br_if $${name} (i32.lt_u (local.get $src) (local.get $end))))
        (return)))`,
    )
    .join("");
  const driver = `
  (func (export "unary") (param $op i32) (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) ${macroLocals}
    ${unaryConstants.prologue()}
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (if (i32.ge_u (local.get $src) (local.get $end)) (then (return)))${loops})`;
  // the address of element $i of row $base (a local), in bytes
  const el = (base: string) => `(i32.add (local.get ${base}) (i32.shl (local.get $i) (i32.const 2)))`;
  const softmaxConstants = constants();
  const sm = macros(softmaxConstants, relaxed);
  sm.exp("(local.get $xv)"); // registers exp's constants before the prologue below is written
  const softmax = `
  ;; Softmax over each of \`rows\` contiguous rows of n floats, of x * scale: m = max, e = exp(x - m),
  ;; e / sum(e). With $T > 0 the rows form (T, n) matrices and row t sees columns 0..t only (attention's
  ;; causal mask): the rest are written as 0 (-inf with $log). With $log set it writes x - m and stores
  ;; each row's sum(e) at $sums; the caller subtracts log(sum) (WebAssembly has no log instruction, and
  ;; one Math.log per row costs nothing).
  (func (export "softmax") (param $src i32) (param $dst i32) (param $rows i32) (param $n i32) (param $log i32)
                           (param $sums i32) (param $scale f32) (param $T i32)
    (local $r i32) (local $i i32) (local $lim i32) (local $lim4 i32) (local $m f32) (local $sum f32) (local $e f32)
    (local $inv f32) (local $mv v128) (local $acc v128) (local $ev v128) (local $xv v128) (local $sv v128)
    ${macroLocals}
    ${softmaxConstants.prologue()}
    (local.set $sv (f32x4.splat (local.get $scale)))
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $n))))
      (loop $row
        (local.set $lim (local.get $n))
        (if (local.get $T) (then
          (local.set $lim (i32.add (i32.rem_u (local.get $r) (local.get $T)) (i32.const 1)))
          (if (i32.gt_u (local.get $lim) (local.get $n)) (then (local.set $lim (local.get $n))))))
        (local.set $lim4 (i32.and (local.get $lim) (i32.const -4)))
        ;; the row's max
        (local.set $mv ${f(Number.NEGATIVE_INFINITY)})
        (local.set $i (i32.const 0))
        (block $b1 (loop $l1
          (br_if $b1 (i32.ge_u (local.get $i) (local.get $lim4)))
          (local.set $mv (f32x4.max (local.get $mv) (f32x4.mul (v128.load ${el("$src")}) (local.get $sv))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l1)))
        (local.set $m (f32.max (f32.max (f32x4.extract_lane 0 (local.get $mv)) (f32x4.extract_lane 1 (local.get $mv)))
                               (f32.max (f32x4.extract_lane 2 (local.get $mv)) (f32x4.extract_lane 3 (local.get $mv)))))
        (block $b2 (loop $l2
          (br_if $b2 (i32.ge_u (local.get $i) (local.get $lim)))
          (local.set $m (f32.max (local.get $m) (f32.mul (f32.load ${el("$src")}) (local.get $scale))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l2)))
        ;; e = exp(x - m) and its sum
        (local.set $mv (f32x4.splat (local.get $m)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $b3 (loop $l3
          (br_if $b3 (i32.ge_u (local.get $i) (local.get $lim4)))
          (local.set $xv (f32x4.sub (f32x4.mul (v128.load ${el("$src")}) (local.get $sv)) (local.get $mv)))
          (local.set $ev ${sm.exp("(local.get $xv)")})
          (v128.store ${el("$dst")} (if (result v128) (local.get $log) (then (local.get $xv)) (else (local.get $ev))))
          (local.set $acc (f32x4.add (local.get $acc) (local.get $ev)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l3)))
        (local.set $sum (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                                 (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $b4 (loop $l4
          (br_if $b4 (i32.ge_u (local.get $i) (local.get $lim)))
          (local.set $xv (f32x4.splat (f32.sub (f32.mul (f32.load ${el("$src")}) (local.get $scale)) (local.get $m))))
          (local.set $e (f32x4.extract_lane 0 ${sm.exp("(local.get $xv)")}))
          (f32.store ${el("$dst")} (if (result f32) (local.get $log) (then (f32x4.extract_lane 0 (local.get $xv))) (else (local.get $e))))
          (local.set $sum (f32.add (local.get $sum) (local.get $e)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l4)))
        ;; the masked columns
        (block $b7 (loop $l7
          (br_if $b7 (i32.ge_u (local.get $i) (local.get $n)))
          (f32.store ${el("$dst")} (if (result f32) (local.get $log) (then (f32.const -inf)) (else (f32.const 0))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l7)))
        (if (local.get $log)
          (then (f32.store (i32.add (local.get $sums) (i32.shl (local.get $r) (i32.const 2))) (local.get $sum)))
          (else
            ;; normalise: multiply by 1 / sum
            (local.set $inv (f32.div (f32.const 1) (local.get $sum)))
            (local.set $mv (f32x4.splat (local.get $inv)))
            (local.set $i (i32.const 0))
            (block $b5 (loop $l5
              (br_if $b5 (i32.ge_u (local.get $i) (local.get $lim4)))
              (v128.store ${el("$dst")} (f32x4.mul (v128.load ${el("$dst")}) (local.get $mv)))
              (local.set $i (i32.add (local.get $i) (i32.const 4)))
              (br $l5)))
            (block $b6 (loop $l6
              (br_if $b6 (i32.ge_u (local.get $i) (local.get $lim)))
              (f32.store ${el("$dst")} (f32.mul (f32.load ${el("$dst")}) (local.get $inv)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l6)))))
        (local.set $src (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $row (i32.lt_u (local.get $r) (local.get $rows))))))
  ;; softmax's backward over \`rows\` contiguous rows of n floats: dx = scale y (g - sum(g y)).
  (func (export "softmaxBackward") (param $y i32) (param $g i32) (param $dx i32) (param $rows i32) (param $n i32) (param $scale f32)
    (local $r i32) (local $i i32) (local $n4 i32) (local $dot f32) (local $acc v128) (local $dv v128) (local $sv v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $sv (f32x4.splat (local.get $scale)))
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $n))))
      (loop $row
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $b1 (loop $l1
          (br_if $b1 (i32.ge_u (local.get $i) (local.get $n4)))
          (local.set $acc ${madd(relaxed, `(v128.load ${el("$g")})`, `(v128.load ${el("$y")})`, "(local.get $acc)")})
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l1)))
        (local.set $dot (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                                 (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $b2 (loop $l2
          (br_if $b2 (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $dot (f32.add (local.get $dot) (f32.mul (f32.load ${el("$g")}) (f32.load ${el("$y")}))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l2)))
        (local.set $dv (f32x4.splat (local.get $dot)))
        (local.set $i (i32.const 0))
        (block $b3 (loop $l3
          (br_if $b3 (i32.ge_u (local.get $i) (local.get $n4)))
          (v128.store ${el("$dx")} (f32x4.mul (f32x4.mul (v128.load ${el("$y")}) (local.get $sv))
            (f32x4.sub (v128.load ${el("$g")}) (local.get $dv))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l3)))
        (block $b4 (loop $l4
          (br_if $b4 (i32.ge_u (local.get $i) (local.get $n)))
          (f32.store ${el("$dx")} (f32.mul (f32.mul (f32.load ${el("$y")}) (local.get $scale))
            (f32.sub (f32.load ${el("$g")}) (local.get $dot))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l4)))
        (local.set $y (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $g (i32.add (local.get $g) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $dx (i32.add (local.get $dx) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $row (i32.lt_u (local.get $r) (local.get $rows))))))`;
  const lanes = (l: number[]) => l.flatMap((x) => [0, 1, 2, 3].map((b) => x * 4 + b)).join(" ");
  const at = (base: string, row: string, stride: string, col: string) =>
    `(i32.add (local.get ${base}) (i32.shl (i32.add (i32.mul ${row} (local.get ${stride})) ${col}) (i32.const 2)))`;
  const transpose = `
  ;; dst (rows, cols) = the transpose of src (cols, rows), both contiguous: how a weight's gradient,
  ;; computed as W^T's, gets W's layout. 4 x 4 blocks transposed in registers, 16 rows of dst at a time
  ;; so every cache line of src read is used whole; the edges one float at a time.
  (func (export "transpose") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $rows4 i32) (local $cols4 i32) (local $i0 i32) (local $i1 i32) (local $i i32) (local $j i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (block $blocksDone (loop $i0Loop
      (br_if $blocksDone (i32.ge_u (local.get $i0) (local.get $rows4)))
      (local.set $i1 (select (local.get $rows4) (i32.add (local.get $i0) (i32.const 16))
        (i32.gt_u (i32.add (local.get $i0) (i32.const 16)) (local.get $rows4))))
      (local.set $j (i32.const 0))
      (block $jDone (loop $jLoop
        (br_if $jDone (i32.ge_u (local.get $j) (local.get $cols4)))
        (local.set $i (local.get $i0))
        (loop $iLoop
          (local.set $r0 (v128.load ${at("$src", "(local.get $j)", "$rows", "(local.get $i)")}))
          (local.set $r1 (v128.load ${at("$src", "(i32.add (local.get $j) (i32.const 1))", "$rows", "(local.get $i)")}))
          (local.set $r2 (v128.load ${at("$src", "(i32.add (local.get $j) (i32.const 2))", "$rows", "(local.get $i)")}))
          (local.set $r3 (v128.load ${at("$src", "(i32.add (local.get $j) (i32.const 3))", "$rows", "(local.get $i)")}))
          (local.set $t0 (i8x16.shuffle ${lanes([0, 4, 1, 5])} (local.get $r0) (local.get $r1)))
          (local.set $t1 (i8x16.shuffle ${lanes([2, 6, 3, 7])} (local.get $r0) (local.get $r1)))
          (local.set $t2 (i8x16.shuffle ${lanes([0, 4, 1, 5])} (local.get $r2) (local.get $r3)))
          (local.set $t3 (i8x16.shuffle ${lanes([2, 6, 3, 7])} (local.get $r2) (local.get $r3)))
          (v128.store ${at("$dst", "(local.get $i)", "$cols", "(local.get $j)")}
            (i8x16.shuffle ${lanes([0, 1, 4, 5])} (local.get $t0) (local.get $t2)))
          (v128.store ${at("$dst", "(i32.add (local.get $i) (i32.const 1))", "$cols", "(local.get $j)")}
            (i8x16.shuffle ${lanes([2, 3, 6, 7])} (local.get $t0) (local.get $t2)))
          (v128.store ${at("$dst", "(i32.add (local.get $i) (i32.const 2))", "$cols", "(local.get $j)")}
            (i8x16.shuffle ${lanes([0, 1, 4, 5])} (local.get $t1) (local.get $t3)))
          (v128.store ${at("$dst", "(i32.add (local.get $i) (i32.const 3))", "$cols", "(local.get $j)")}
            (i8x16.shuffle ${lanes([2, 3, 6, 7])} (local.get $t1) (local.get $t3)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $iLoop (i32.lt_u (local.get $i) (local.get $i1))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jLoop)))
      (local.set $i0 (local.get $i1))
      (br $i0Loop)))
    ;; the last cols % 4 columns of every row, then the last rows % 4 rows
    (local.set $i (i32.const 0))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $j (select (local.get $cols4) (i32.const 0) (i32.lt_u (local.get $i) (local.get $rows4))))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $j) (local.get $cols)))
        (f32.store ${at("$dst", "(local.get $i)", "$cols", "(local.get $j)")}
          (f32.load ${at("$src", "(local.get $j)", "$rows", "(local.get $i)")}))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $l2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l1))))`;
  // JS reads and writes a Float32Array one float at a time, converting each to a double and back
  // (about 1.4 ns an element); here four lanes go at once, and the copies in and out are memcpys.
  const binaryConstants = constants();
  const bm = macros(binaryConstants, relaxed);
  const binaryExpr: Record<keyof typeof binaryOpCodes, string> = {
    add: "(f32x4.add (local.get $x) (local.get $y))",
    sub: "(f32x4.sub (local.get $x) (local.get $y))",
    mul: "(f32x4.mul (local.get $x) (local.get $y))",
    div: "(f32x4.div (local.get $x) (local.get $y))",
    tanhGrad: `(f32x4.mul (local.get $x) (f32x4.sub ${binaryConstants.k(1)} (f32x4.mul (local.get $y) (local.get $y))))`,
    // gelu's backward: g gelu'(x) for g in a and x in b
    geluBackward: `(f32x4.mul (local.get $x) ${bm.geluGrad("(local.get $y)")})`,
  };
  const binaryLoops = (Object.entries(binaryOpCodes) as [keyof typeof binaryOpCodes, number][])
    .map(
      ([name, code]) => `
    (if (i32.eq (local.get $op) (i32.const ${code}))
      (then
        (loop $${name}Rows
          (local.set $pb (i32.add (local.get $b) (i32.shl (i32.mul (local.get $r) (local.get $bStride)) (i32.const 2))))
          (local.set $rowEnd (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
          (loop $${name}
            (local.set $x (v128.load (local.get $a)))
            (local.set $y (v128.load (local.get $pb)))
            (v128.store (local.get $dst) ${binaryExpr[name]})
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (br_if $${name} (i32.lt_u (local.get $a) (local.get $rowEnd))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $${name}Rows (i32.lt_u (local.get $r) (local.get $rows))))
        (return)))`,
    )
    .join("");
  const binary = `
  ;; dst = a op b over \`rows\` rows of n floats (n a multiple of 4). a and dst are contiguous; b's rows
  ;; start bStride floats apart: n for a full operand, 0 for one row repeated (a bias over a batch).
  (func (export "binary") (param $op i32) (param $a i32) (param $b i32) (param $dst i32)
                          (param $rows i32) (param $n i32) (param $bStride i32)
    (local $r i32) (local $pb i32) (local $rowEnd i32) (local $x v128) (local $y v128) ${macroLocals}
    ${binaryConstants.prologue()}
    (if (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $n))) (then (return)))${binaryLoops})`;
  const sumRows = `
  ;; acc[j] = sum over r of src[r * n + j] (n a multiple of 4), summed in float64 as the TypeScript
  ;; path does: the gradient of a bias, added up over a batch.
  (func (export "sumRows") (param $src i32) (param $acc i32) (param $rows i32) (param $n i32)
    (local $r i32) (local $p i32) (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $acc) (i32.shl (local.get $n) (i32.const 3))))
    (if (i32.eqz (local.get $n)) (then (return)))
    (local.set $p (local.get $acc))
    (loop $zero
      (v128.store (local.get $p) (v128.const i32x4 0 0 0 0))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $zero (i32.lt_u (local.get $p) (local.get $end))))
    (if (i32.eqz (local.get $rows)) (then (return)))
    (loop $row
      (local.set $p (local.get $acc))
      (loop $cols
        (local.set $v (v128.load (local.get $src)))
        (v128.store (local.get $p)
          (f64x2.add (v128.load (local.get $p)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $p)
          (f64x2.add (v128.load offset=16 (local.get $p))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br_if $cols (i32.lt_u (local.get $p) (local.get $end))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $row (i32.lt_u (local.get $r) (local.get $rows)))))`;
  // the loops of the LayerNorm kernels: over a row of C floats (C a multiple of 4), $i in bytes
  const overRow = (label: string, body: string) => `
        (local.set $i (i32.const 0))
        (loop $${label}
          ${body}
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $${label} (i32.lt_u (local.get $i) (local.get $rowBytes))))`;
  const inRow = (base: string) => `(i32.add (local.get ${base}) (local.get $i))`;
  const hsum = (v: string) =>
    `(f32.add (f32.add (f32x4.extract_lane 0 ${v}) (f32x4.extract_lane 1 ${v})) (f32.add (f32x4.extract_lane 2 ${v}) (f32x4.extract_lane 3 ${v})))`;
  const xhat = `(f32x4.mul (f32x4.sub (v128.load ${inRow("$x")}) (local.get $mv)) (local.get $rv))`;
  const layerNorm = `
  ;; LayerNorm over \`rows\` contiguous rows of C floats (C a multiple of 4, at least 4): mean, then the
  ;; variance of x - mean (two passes, as the reference: no cancellation), then (x - mean) rstd w + b.
  ;; (Sums are float32, where the reference's are doubles: the tests allow for it.)
  (func (export "layerNorm") (param $x i32) (param $w i32) (param $b i32) (param $eps f32) (param $out i32)
                             (param $mean i32) (param $rstd i32) (param $rows i32) (param $C i32)
    (local $r i32) (local $i i32) (local $rowBytes i32) (local $invC f32) (local $m f32) (local $rs f32)
    (local $acc v128) (local $d v128) (local $mv v128) (local $rv v128)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $invC (f32.div (f32.const 1) (f32.convert_i32_u (local.get $C))))
    (if (i32.eqz (local.get $rows)) (then (return)))
    (loop $row
      ;; the mean as x0 + mean(x - x0): a row far from 0 (mean 100, spread 0.01) keeps its digits in float32
      (local.set $mv (v128.load32_splat (local.get $x)))
      (local.set $acc (v128.const i32x4 0 0 0 0))${overRow("sum", `(local.set $acc (f32x4.add (local.get $acc) (f32x4.sub (v128.load ${inRow("$x")}) (local.get $mv))))`)}
      (local.set $m (f32.add (f32x4.extract_lane 0 (local.get $mv)) (f32.mul ${hsum("(local.get $acc)")} (local.get $invC))))
      (local.set $mv (f32x4.splat (local.get $m)))
      (local.set $acc (v128.const i32x4 0 0 0 0))${overRow(
        "squares",
        `(local.set $d (f32x4.sub (v128.load ${inRow("$x")}) (local.get $mv)))
          (local.set $acc ${madd(relaxed, "(local.get $d)", "(local.get $d)", "(local.get $acc)")})`,
      )}
      (local.set $rs (f32.div (f32.const 1)
        (f32.sqrt (f32.add (f32.mul ${hsum("(local.get $acc)")} (local.get $invC)) (local.get $eps)))))
      (f32.store (i32.add (local.get $mean) (i32.shl (local.get $r) (i32.const 2))) (local.get $m))
      (f32.store (i32.add (local.get $rstd) (i32.shl (local.get $r) (i32.const 2))) (local.get $rs))
      (local.set $rv (f32x4.splat (local.get $rs)))${overRow(
        "write",
        `(v128.store ${inRow("$out")} ${madd(relaxed, xhat, `(v128.load ${inRow("$w")})`, `(v128.load ${inRow("$b")})`)})`,
      )}
      (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
      (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $row (i32.lt_u (local.get $r) (local.get $rows)))))
  ;; Its backward: with xhat = (x - mean) rstd and dxhat = g w,
  ;; dx = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat)); dw += g xhat and db += g, over all rows.
  (func (export "layerNormBackward") (param $g i32) (param $x i32) (param $w i32) (param $mean i32) (param $rstd i32)
                                     (param $dx i32) (param $dw i32) (param $db i32) (param $rows i32) (param $C i32)
    (local $r i32) (local $i i32) (local $rowBytes i32) (local $invC f32) (local $a f32) (local $c f32)
    (local $acc1 v128) (local $acc2 v128) (local $gv v128) (local $h v128) (local $dh v128) (local $mv v128) (local $rv v128)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $invC (f32.div (f32.const 1) (f32.convert_i32_u (local.get $C))))
    (if (i32.eqz (local.get $rows)) (then (return)))
    (loop $row
      (local.set $mv (v128.load32_splat (i32.add (local.get $mean) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $rv (v128.load32_splat (i32.add (local.get $rstd) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $acc1 (v128.const i32x4 0 0 0 0))
      (local.set $acc2 (v128.const i32x4 0 0 0 0))${overRow(
        "sums",
        `(local.set $gv (v128.load ${inRow("$g")}))
          (local.set $h ${xhat})
          (local.set $dh (f32x4.mul (local.get $gv) (v128.load ${inRow("$w")})))
          (local.set $acc1 (f32x4.add (local.get $acc1) (local.get $dh)))
          (local.set $acc2 ${madd(relaxed, "(local.get $dh)", "(local.get $h)", "(local.get $acc2)")})
          (v128.store ${inRow("$dw")} ${madd(relaxed, "(local.get $gv)", "(local.get $h)", `(v128.load ${inRow("$dw")})`)})
          (v128.store ${inRow("$db")} (f32x4.add (v128.load ${inRow("$db")}) (local.get $gv)))`,
      )}
      (local.set $a (f32.mul ${hsum("(local.get $acc1)")} (local.get $invC)))
      (local.set $c (f32.mul ${hsum("(local.get $acc2)")} (local.get $invC)))
      (local.set $acc1 (f32x4.splat (local.get $a)))
      (local.set $acc2 (f32x4.splat (local.get $c)))${overRow(
        "dx",
        `(local.set $h ${xhat})
          (local.set $dh (f32x4.mul (v128.load ${inRow("$g")}) (v128.load ${inRow("$w")})))
          (v128.store ${inRow("$dx")} (f32x4.mul (local.get $rv)
            (f32x4.sub (f32x4.sub (local.get $dh) (local.get $acc1)) (f32x4.mul (local.get $h) (local.get $acc2)))))`,
      )}
      (local.set $g (i32.add (local.get $g) (local.get $rowBytes)))
      (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
      (local.set $dx (i32.add (local.get $dx) (local.get $rowBytes)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $row (i32.lt_u (local.get $r) (local.get $rows)))))`;
  return [driver, softmax, transpose, binary, sumRows, layerNorm].join("\n");
}

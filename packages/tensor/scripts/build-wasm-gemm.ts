// Generates the WebAssembly text of the fp32 GEMM kernel: C (M, N) = A (M, K) @ B (K, N).
//
// The plan is the classic one of GotoBLAS/BLIS, written for WASM SIMD128:
//   for each column block of B (NC wide) and each depth block (KC deep):
//     pack that block of B into NR-wide panels (k-major), so the micro-kernel reads it linearly;
//     for each row block of A (MC tall): pack it into MR-tall panels (k-major), then
//       for each NR panel of B and each MR panel of A: the micro-kernel keeps an MR x NR tile of C
//       in registers (MR * NR / 4 v128 accumulators) and streams KC steps of rank-1 updates.
// A and B are read through (row stride, column stride) pairs, so a transposed or strided operand costs
// nothing extra: the transpose happens while packing, which we do anyway.
//
// The text is generated (not hand-written) so the micro-kernel can be unrolled for any MR x NR and built
// twice: with relaxed-SIMD fused multiply-add, and with mul + add for engines without relaxed SIMD.

export interface GemmShape {
  mr: number; // rows of the register tile
  nr: number; // columns of the register tile (multiple of 4)
  mc: number; // rows of A packed per block (multiple of mr)
  kc: number; // depth of a packed block
  nc: number; // columns of B packed per block (multiple of nr)
  relaxed: boolean; // use f32x4.relaxed_madd
  unroll?: number; // k steps per loop iteration (default 1)
}

/**
 * The shipped tiles. With fused multiply-add, 6 x 8 keeps both FMA pipes busy where 4 x 8's 8 chains
 * barely cover the FMA latency: 53-56 GFLOP/s against 49-52 (bench/gemm-shapes.ts). Its 12 accumulators,
 * two B vectors and the broadcast A value take 15 registers, all V8 allocates on x64 (xmm15 is its
 * scratch). Without FMA each step needs one more register for the product, 6 x 8 spills and halves the
 * speed, so the mul + add build keeps 4 x 8.
 */
export const gemmShapes: { relaxed: GemmShape; plain: GemmShape } = {
  relaxed: { mr: 6, nr: 8, mc: 120, kc: 256, nc: 2048, relaxed: true },
  plain: { mr: 4, nr: 8, mc: 128, kc: 256, nc: 2048, relaxed: false },
};

export const defaultGemmShape: GemmShape = gemmShapes.relaxed;

/**
 * Bits of the GEMM's `flags` argument. Reuse bits let a batch of products that share an operand (a
 * broadcast batch dim) pack it once: they are honoured only when that operand fits one packed block
 * (M <= mc and K <= kc for A, K <= kc and N <= nc for B), where the panels of the previous call are
 * still exactly what this call would pack.
 */
export const gemmFlags = { accumulate: 1, reusePackedA: 2, reusePackedB: 4 } as const;

/**
 * Bytes of the scratch tile a GEMM call spills partial (edge) tiles to. The caller passes its address,
 * so threads sharing one memory each give their own (one shared tile was a race). The single-threaded
 * runtime keeps [0, scratchBytes) for it.
 */
export const scratchBytes = 1024;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function madd(relaxed: boolean, a: string, b: string, c: string): string {
  return relaxed ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add (f32x4.mul ${a} ${b}) ${c})`;
}

/**
 * The micro-kernel: C[rows, cols] (+)= packedA (kc, MR) x packedB (kc, NR), for a tile of `tileRows`
 * rows (mr, or fewer for the last panel of A: its panels stay mr floats apart per k step).
 */
function microKernel(s: GemmShape, tileRows: number, name: string): string {
  const { nr } = s;
  const mr = tileRows;
  const aStep = s.mr * 4; // bytes per k step of a packed A panel
  const vecs = nr / 4;
  const acc = (i: number, v: number) => `$c${i}_${v}`;
  const locals = [
    ...range(mr).flatMap((i) => range(vecs).map((v) => `(local ${acc(i, v)} v128)`)),
    ...range(vecs).map((v) => `(local $b${v} v128)`),
    "(local $av v128) (local $end i32) (local $row i32) (local $i i32) (local $j i32) (local $p i32)",
  ];
  // One rank-1 update of the tile, for the k step `at` positions past the pointers.
  const step = (at: number): string[] => {
    const lines: string[] = [];
    for (const v of range(vecs)) {
      lines.push(`(local.set $b${v} (v128.load offset=${at * nr * 4 + v * 16} (local.get $pb)))`);
    }
    for (const i of range(mr)) {
      lines.push(`(local.set $av (v128.load32_splat offset=${at * aStep + i * 4} (local.get $pa)))`);
      for (const v of range(vecs)) {
        lines.push(
          `(local.set ${acc(i, v)} ${madd(s.relaxed, "(local.get $av)", `(local.get $b${v})`, `(local.get ${acc(i, v)})`)})`,
        );
      }
    }
    return lines;
  };
  // Unrolling k (tried: 2 and 4 measured no faster than 1 here) needs the odd steps peeled off first.
  const unroll = s.unroll ?? 1;
  const peel = `
    (block $peeled
      (loop $one
        (br_if $peeled (i32.eqz (i32.rem_u (i32.sub (local.get $end) (local.get $pa)) (i32.const ${unroll * aStep}))))
        ${step(0).join("\n        ")}
        (local.set $pa (i32.add (local.get $pa) (i32.const ${aStep})))
        (local.set $pb (i32.add (local.get $pb) (i32.const ${nr * 4})))
        (br $one)))`;
  const storeFull: string[] = [];
  const storeAdd: string[] = [];
  const storeScratch: string[] = [];
  for (const i of range(mr)) {
    for (const v of range(vecs)) {
      const addr = `(i32.add (local.get $c) (i32.add (i32.mul (i32.const ${i}) (i32.shl (local.get $ldc) (i32.const 2))) (i32.const ${v * 16})))`;
      storeFull.push(`(v128.store ${addr} (local.get ${acc(i, v)}))`);
      storeAdd.push(
        `(local.set $p ${addr}) (v128.store (local.get $p) (f32x4.add (v128.load (local.get $p)) (local.get ${acc(i, v)})))`,
      );
      storeScratch.push(
        `(v128.store offset=${(i * nr + v * 4) * 4} (local.get $scratch) (local.get ${acc(i, v)}))`,
      );
    }
  }
  return `
  (func ${name} (param $pa i32) (param $pb i32) (param $kc i32) (param $c i32) (param $ldc i32)
                (param $rows i32) (param $cols i32) (param $first i32) (param $scratch i32)
    ${locals.join("\n    ")}
    ${range(mr)
      .flatMap((i) => range(vecs).map((v) => `(local.set ${acc(i, v)} (v128.const i32x4 0 0 0 0))`))
      .join("\n    ")}
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const ${aStep}))))
    ${unroll === 1 ? "" : peel}
    (if (i32.lt_u (local.get $pa) (local.get $end))
      (then
        (loop $k
          ${range(unroll)
            .flatMap((u) => step(u))
            .join("\n          ")}
          (local.set $pa (i32.add (local.get $pa) (i32.const ${unroll * aStep})))
          (local.set $pb (i32.add (local.get $pb) (i32.const ${unroll * nr * 4})))
          (br_if $k (i32.lt_u (local.get $pa) (local.get $end))))))
    (if (i32.and (i32.eq (local.get $rows) (i32.const ${mr})) (i32.eq (local.get $cols) (i32.const ${nr})))
      (then
        (if (local.get $first)
          (then ${storeFull.join(" ")})
          (else ${storeAdd.join(" ")}))
        (return)))
    ;; edge tile: spill to the scratch tile, then copy the valid part
    ${storeScratch.join("\n    ")}
    (local.set $i (i32.const 0))
    (loop $ri
      (local.set $row (i32.add (local.get $c) (i32.mul (local.get $i) (i32.shl (local.get $ldc) (i32.const 2)))))
      (local.set $j (i32.const 0))
      (loop $cj
        (local.set $p (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))))
        (f32.store (local.get $p)
          (f32.add
            (f32.load (i32.add (local.get $scratch)
              (i32.shl (i32.add (i32.mul (local.get $i) (i32.const ${nr})) (local.get $j)) (i32.const 2))))
            (if (result f32) (local.get $first) (then (f32.const 0)) (else (f32.load (local.get $p))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $cj (i32.lt_u (local.get $j) (local.get $cols))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $ri (i32.lt_u (local.get $i) (local.get $rows)))))`;
}

/**
 * Moves 4 k steps of `width` lines into a k-major panel: line l (a row of A, or a column of B^T) has
 * its 4 values contiguous at $src + l * stride (bytes); they are read as one vector per line and turned
 * around by 4 x 4 register transposes, so every load and store is a whole vector. Writes width * 4
 * floats at $dst. Needs locals $r0..$r3 and $t0..$t3 (v128).
 */
function transposeFour(width: number, stride: string): string {
  const shuffle = (x: string, y: string, lanes: number[]) =>
    `(i8x16.shuffle ${lanes.flatMap((l) => range(4).map((b) => l * 4 + b)).join(" ")} ${x} ${y})`;
  const linePtr = (l: number) =>
    `(i32.add (local.get $src) (i32.mul (i32.const ${l}) (local.get ${stride})))`;
  const groups = range(Math.floor(width / 4)).map((g) => {
    const loads = range(4)
      .map((r) => `(local.set $r${r} (v128.load ${linePtr(g * 4 + r)}))`)
      .join(" ");
    // t0 = r0[0] r1[0] r0[1] r1[1], t1 = r0[2] r1[2] r0[3] r1[3], likewise t2, t3 for r2, r3
    const t = [
      `(local.set $t0 ${shuffle("(local.get $r0)", "(local.get $r1)", [0, 4, 1, 5])})`,
      `(local.set $t1 ${shuffle("(local.get $r0)", "(local.get $r1)", [2, 6, 3, 7])})`,
      `(local.set $t2 ${shuffle("(local.get $r2)", "(local.get $r3)", [0, 4, 1, 5])})`,
      `(local.set $t3 ${shuffle("(local.get $r2)", "(local.get $r3)", [2, 6, 3, 7])})`,
    ].join(" ");
    // step k of the 4 lines = (t0|t2) or (t1|t3) halves
    const stores = [
      [0, "$t0", "$t2", [0, 1, 4, 5]],
      [1, "$t0", "$t2", [2, 3, 6, 7]],
      [2, "$t1", "$t3", [0, 1, 4, 5]],
      [3, "$t1", "$t3", [2, 3, 6, 7]],
    ]
      .map(
        ([k, x, y, lanes]) =>
          `(v128.store offset=${((k as number) * width + g * 4) * 4} (local.get $dst) ${shuffle(`(local.get ${x})`, `(local.get ${y})`, lanes as number[])})`,
      )
      .join(" ");
    return `${loads} ${t} ${stores}`;
  });
  if (width % 4 === 2) {
    // two lines left (a 6-row tile): one 2 x 4 transpose, stored as 8-byte halves
    const g = Math.floor(width / 4);
    const lanes = (l: number[]) => shuffle("(local.get $r0)", "(local.get $r1)", l);
    const at = (k: number) => (k * width + g * 4) * 4;
    groups.push(
      [
        `(local.set $r0 (v128.load ${linePtr(g * 4)})) (local.set $r1 (v128.load ${linePtr(g * 4 + 1)}))`,
        `(local.set $t0 ${lanes([0, 4, 1, 5])}) (local.set $t1 ${lanes([2, 6, 3, 7])})`,
        `(v128.store64_lane offset=${at(0)} 0 (local.get $dst) (local.get $t0))`,
        `(v128.store64_lane offset=${at(1)} 1 (local.get $dst) (local.get $t0))`,
        `(v128.store64_lane offset=${at(2)} 0 (local.get $dst) (local.get $t1))`,
        `(v128.store64_lane offset=${at(3)} 1 (local.get $dst) (local.get $t1))`,
      ].join(" "),
    );
  }
  return groups.join("\n              ");
}

const transposeLocals = `(local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)`;

/**
 * Packs a (kc, w) block of B into NR-wide, k-major panels, zero-padding the last panel.
 * Row-major B (cs = 1) is copied a vector at a time. B^T (rs = 1: a Linear layer's weight used as W.T,
 * where each column of B is contiguous in k) goes through register transposes, four k steps at a time:
 * with few rows of A (a batch of 64), packing B is a real share of the product's time.
 */
function packB(s: GemmShape): string {
  const { nr } = s;
  const vecCopy = range(nr / 4)
    .map(
      (v) => `(v128.store offset=${v * 16} (local.get $dst) (v128.load offset=${v * 16} (local.get $src)))`,
    )
    .join(" ");
  return `
  (func $packB (param $b i32) (param $rs i32) (param $cs i32) (param $kc i32) (param $n i32) (param $dst i32)
    (local $jp i32) (local $w i32) (local $k i32) (local $src i32) (local $j i32) (local $rsb i32) (local $csb i32)
    ${transposeLocals}
    (local.set $rsb (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $csb (i32.shl (local.get $cs) (i32.const 2)))
    (loop $panel
      (local.set $w (select (i32.const ${nr}) (i32.sub (local.get $n) (local.get $jp))
        (i32.ge_s (i32.sub (local.get $n) (local.get $jp)) (i32.const ${nr}))))
      (local.set $src (i32.add (local.get $b) (i32.mul (local.get $jp) (local.get $csb))))
      (local.set $k (i32.const 0))
      (if (i32.eq (local.get $w) (i32.const ${nr}))
        (then
          (if (i32.eq (local.get $cs) (i32.const 1))
            (then
              ;; row-major: each k step of the panel is already contiguous
              (loop $kv
                ${vecCopy}
                (local.set $src (i32.add (local.get $src) (local.get $rsb)))
                (local.set $dst (i32.add (local.get $dst) (i32.const ${nr * 4})))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br_if $kv (i32.lt_u (local.get $k) (local.get $kc)))))
            (else
              (if (i32.eq (local.get $rs) (i32.const 1))
                (then
                  ;; B^T: columns are contiguous in k, 4 k steps at a time through register transposes
                  (block $tail
                    (br_if $tail (i32.lt_s (local.get $kc) (i32.const 4)))
                    (loop $kt
              ${transposeFour(nr, "$csb")}
                      (local.set $src (i32.add (local.get $src) (i32.const 16)))
                      (local.set $dst (i32.add (local.get $dst) (i32.const ${nr * 16})))
                      (local.set $k (i32.add (local.get $k) (i32.const 4)))
                      (br_if $kt (i32.le_s (i32.add (local.get $k) (i32.const 4)) (local.get $kc)))))))))))
      ;; whatever is left (the edge panel, odd strides, the last k steps): one element at a time
      (block $done
        (br_if $done (i32.ge_s (local.get $k) (local.get $kc)))
        (loop $ks
          (local.set $j (i32.const 0))
          (loop $js
            (f32.store (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
              (if (result f32) (i32.lt_u (local.get $j) (local.get $w))
                (then (f32.load (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $csb)))))
                (else (f32.const 0))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $js (i32.lt_u (local.get $j) (i32.const ${nr}))))
          (local.set $src (i32.add (local.get $src) (local.get $rsb)))
          (local.set $dst (i32.add (local.get $dst) (i32.const ${nr * 4})))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $ks (i32.lt_s (local.get $k) (local.get $kc)))))
      (local.set $jp (i32.add (local.get $jp) (i32.const ${nr})))
      (br_if $panel (i32.lt_s (local.get $jp) (local.get $n)))))`;
}

/**
 * Packs an (h, kc) block of A into MR-tall, k-major panels, zero-padding the last panel.
 * Row-major A (cs = 1) is the common case: four rows are read four columns at a time and transposed in
 * registers, so every load and store is a whole vector. A^T (rs = 1) is already k-major: plain copies.
 */
function packA(s: GemmShape): string {
  const { mr } = s;
  const transposeGroups = transposeFour(mr, "$rsb");
  const vecCopyT = [
    ...range(Math.floor(mr / 4)).map(
      (v) => `(v128.store offset=${v * 16} (local.get $dst) (v128.load offset=${v * 16} (local.get $src)))`,
    ),
    ...(mr % 4 === 2
      ? [
          `(i64.store offset=${(mr - 2) * 4} (local.get $dst) (i64.load offset=${(mr - 2) * 4} (local.get $src)))`,
        ]
      : []),
  ].join(" ");
  return `
  (func $packA (param $a i32) (param $rs i32) (param $cs i32) (param $h i32) (param $kc i32) (param $dst i32)
    (local $ip i32) (local $m i32) (local $k i32) (local $src i32) (local $i i32) (local $rsb i32) (local $csb i32)
    ${transposeLocals}
    (local.set $rsb (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $csb (i32.shl (local.get $cs) (i32.const 2)))
    (loop $panel
      (local.set $m (select (i32.const ${mr}) (i32.sub (local.get $h) (local.get $ip))
        (i32.ge_s (i32.sub (local.get $h) (local.get $ip)) (i32.const ${mr}))))
      (local.set $src (i32.add (local.get $a) (i32.mul (local.get $ip) (local.get $rsb))))
      (local.set $k (i32.const 0))
      (if (i32.eq (local.get $m) (i32.const ${mr}))
        (then
          (if (i32.eq (local.get $cs) (i32.const 1))
            (then
              ;; row-major: 4 columns at a time through a 4x4 register transpose
              (block $tail
                (br_if $tail (i32.lt_s (local.get $kc) (i32.const 4)))
                (loop $kt
              ${transposeGroups}
                  (local.set $src (i32.add (local.get $src) (i32.const 16)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const ${mr * 16})))
                  (local.set $k (i32.add (local.get $k) (i32.const 4)))
                  (br_if $kt (i32.le_s (i32.add (local.get $k) (i32.const 4)) (local.get $kc)))))))
          (if (i32.eq (local.get $rs) (i32.const 1))
            (then
              ;; column-major (A^T): each column of the panel is already contiguous
              (block $done
                (br_if $done (i32.ge_s (local.get $k) (local.get $kc)))
                (loop $kv
                  ${vecCopyT}
                  (local.set $src (i32.add (local.get $src) (local.get $csb)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const ${mr * 4})))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br_if $kv (i32.lt_s (local.get $k) (local.get $kc)))))))))
      ;; whatever is left (edge panels, odd strides, the last columns): one element at a time
      (block $done
        (br_if $done (i32.ge_s (local.get $k) (local.get $kc)))
        (loop $ks
          (local.set $i (i32.const 0))
          (loop $is
            (f32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
              (if (result f32) (i32.lt_u (local.get $i) (local.get $m))
                (then (f32.load (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rsb)))))
                (else (f32.const 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $is (i32.lt_u (local.get $i) (i32.const ${mr}))))
          (local.set $src (i32.add (local.get $src) (local.get $csb)))
          (local.set $dst (i32.add (local.get $dst) (i32.const ${mr * 4})))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $ks (i32.lt_s (local.get $k) (local.get $kc)))))
      (local.set $ip (i32.add (local.get $ip) (i32.const ${mr})))
      (br_if $panel (i32.lt_s (local.get $ip) (local.get $h)))))`;
}

/**
 * The driver: blocks, packs and calls the micro-kernel. Strides are in elements, pointers in bytes;
 * `scratch` is the byte address of this call's edge-tile scratch (scratchBytes, 16-byte aligned);
 * `flags` holds the gemmFlags bits.
 */
function driver(s: GemmShape): string {
  const { mr, nr, mc, kc, nc } = s;
  const args = `(local.get $pa) (local.get $pb) (local.get $kcur) (local.get $cRow) (local.get $ldc)
                (local.get $rows) (local.get $cols) (local.get $first) (local.get $scratch)`;
  // The last panel of A, when it has at most 4 rows (M = 64 with 6-row tiles), runs a 4-row kernel:
  // no multiply-adds on padding rows, and its full 4-row tiles store straight to C.
  const callKernel =
    mr > shortTileRows
      ? `(if (i32.le_s (local.get $rows) (i32.const ${shortTileRows}))
                (then (call $kernelShort ${args}))
                (else (call $kernel ${args})))`
      : `(call $kernel ${args})`;
  return `
  (func $gemm (export "gemm")
    (param $a i32) (param $rsA i32) (param $csA i32)
    (param $b i32) (param $rsB i32) (param $csB i32)
    (param $c i32) (param $ldc i32) (param $M i32) (param $N i32) (param $K i32)
    (param $packA i32) (param $packB i32) (param $flags i32) (param $scratch i32)
    (local $jc i32) (local $ncur i32) (local $pc i32) (local $kcur i32) (local $ic i32) (local $mcur i32)
    (local $jr i32) (local $ir i32) (local $first i32) (local $cRow i32)
    (local $pa i32) (local $pb i32) (local $rows i32) (local $cols i32) (local $oneK i32)
    (local.set $oneK (i32.le_s (local.get $K) (i32.const ${kc})))
    (loop $jcLoop
      (local.set $ncur (select (i32.const ${nc}) (i32.sub (local.get $N) (local.get $jc))
        (i32.ge_s (i32.sub (local.get $N) (local.get $jc)) (i32.const ${nc}))))
      (local.set $pc (i32.const 0))
      (loop $pcLoop
        (local.set $kcur (select (i32.const ${kc}) (i32.sub (local.get $K) (local.get $pc))
          (i32.ge_s (i32.sub (local.get $K) (local.get $pc)) (i32.const ${kc}))))
        (local.set $first (i32.and (i32.eqz (local.get $pc)) (i32.eqz (i32.and (local.get $flags) (i32.const 1)))))
        (if (i32.eqz (i32.and (i32.and (local.get $oneK) (i32.le_s (local.get $N) (i32.const ${nc})))
                              (i32.shr_u (local.get $flags) (i32.const 2))))
          (then (call $packB
          (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $rsB))
                                                     (i32.mul (local.get $jc) (local.get $csB))) (i32.const 2)))
          (local.get $rsB) (local.get $csB) (local.get $kcur) (local.get $ncur) (local.get $packB))))
        (local.set $ic (i32.const 0))
        (loop $icLoop
          (local.set $mcur (select (i32.const ${mc}) (i32.sub (local.get $M) (local.get $ic))
            (i32.ge_s (i32.sub (local.get $M) (local.get $ic)) (i32.const ${mc}))))
          (if (i32.eqz (i32.and (i32.and (local.get $oneK) (i32.le_s (local.get $M) (i32.const ${mc})))
                                (i32.and (i32.shr_u (local.get $flags) (i32.const 1)) (i32.const 1))))
            (then (call $packA
              (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $ic) (local.get $rsA))
                                                         (i32.mul (local.get $pc) (local.get $csA))) (i32.const 2)))
              (local.get $rsA) (local.get $csA) (local.get $mcur) (local.get $kcur) (local.get $packA))))
          (local.set $jr (i32.const 0))
          (loop $jrLoop
            (local.set $ir (i32.const 0))
            (loop $irLoop
              (local.set $cRow (i32.add (local.get $c) (i32.shl
                (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $ldc))
                         (i32.add (local.get $jc) (local.get $jr))) (i32.const 2))))
              (local.set $pa (i32.add (local.get $packA) (i32.mul (local.get $ir) (i32.shl (local.get $kcur) (i32.const 2)))))
              (local.set $pb (i32.add (local.get $packB) (i32.mul (local.get $jr) (i32.shl (local.get $kcur) (i32.const 2)))))
              (local.set $rows (select (i32.const ${mr}) (i32.sub (local.get $mcur) (local.get $ir))
                (i32.ge_s (i32.sub (local.get $mcur) (local.get $ir)) (i32.const ${mr}))))
              (local.set $cols (select (i32.const ${nr}) (i32.sub (local.get $ncur) (local.get $jr))
                (i32.ge_s (i32.sub (local.get $ncur) (local.get $jr)) (i32.const ${nr}))))
              ${callKernel}
              (local.set $ir (i32.add (local.get $ir) (i32.const ${mr})))
              (br_if $irLoop (i32.lt_s (local.get $ir) (local.get $mcur))))
            (local.set $jr (i32.add (local.get $jr) (i32.const ${nr})))
            (br_if $jrLoop (i32.lt_s (local.get $jr) (local.get $ncur))))
          (local.set $ic (i32.add (local.get $ic) (i32.const ${mc})))
          (br_if $icLoop (i32.lt_s (local.get $ic) (local.get $M))))
        (local.set $pc (i32.add (local.get $pc) (i32.const ${kc})))
        (br_if $pcLoop (i32.lt_s (local.get $pc) (local.get $K))))
      (local.set $jc (i32.add (local.get $jc) (i32.const ${nc})))
      (br_if $jcLoop (i32.lt_s (local.get $jc) (local.get $N)))))`;
}

/** Rows of the kernel for a last panel of A that is at most this tall (when mr is taller). */
const shortTileRows = 4;

export function gemmWat(s: GemmShape): string {
  if (s.nr % 4 !== 0 || s.mr % 2 !== 0 || s.mc % s.mr !== 0 || s.nc % s.nr !== 0) {
    throw new Error(
      `gemmWat: bad tile ${JSON.stringify(s)}: nr must be a multiple of 4, mr of 2, mc of mr and nc of nr`,
    );
  }
  const short = s.mr > shortTileRows ? microKernel(s, shortTileRows, "$kernelShort") : "";
  return `${microKernel(s, s.mr, "$kernel")}\n${short}\n${packB(s)}\n${packA(s)}\n${driver(s)}`;
}

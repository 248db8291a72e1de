// The pure TypeScript GEMM, for engines without WebAssembly: C (M, N) = A (M, K) @ B (K, N).
//
// Same plan as the WebAssembly kernel, smaller tile: A and B are packed into 4-wide, k-major panels
// (this is where transposes and strides disappear), then a 4 x 4 tile of C lives in 16 local
// variables, which the JIT keeps in registers, while k runs. Each step loads 8 numbers and does 16
// multiply-adds, where the naive loop loads 2 numbers per multiply-add.

const MR = 4;
const NR = 4;
const KC = 256; // depth of a packed block: a 4 x 256 panel of B (4 KiB) stays in L1
const MC = 64; // rows of A packed per block

let packedA = new Float32Array(MC * KC);
let packedB = new Float32Array(KC * 1024);

/** Strided view of a matrix inside a flat array: element (i, j) is data[offset + i*rs + j*cs]. */
export interface MatrixView {
  data: Float32Array;
  offset: number;
  rs: number;
  cs: number;
}

/** Packs rows [0, h) x columns [0, w) of `src` (starting at `at`) into MR-tall, k-major panels. */
function packRows(src: MatrixView, at: number, h: number, w: number, dst: Float32Array): void {
  const { data, rs, cs } = src;
  let o = 0;
  for (let i0 = 0; i0 < h; i0 += MR) {
    const rows = Math.min(MR, h - i0);
    for (let k = 0; k < w; k++) {
      const p = at + i0 * rs + k * cs;
      for (let i = 0; i < MR; i++) dst[o++] = i < rows ? data[p + i * rs]! : 0;
    }
  }
}

/**
 * C = A @ B (or C += A @ B when `accumulate`), C contiguous with row stride `ldc` from `cOffset`.
 */
export function gemmTs(
  a: MatrixView,
  b: MatrixView,
  c: Float32Array,
  cOffset: number,
  ldc: number,
  M: number,
  N: number,
  K: number,
  accumulate: boolean,
): void {
  const nPanels = Math.ceil(N / NR);
  if (packedB.length < KC * nPanels * NR) packedB = new Float32Array(KC * nPanels * NR);
  if (packedA.length < MC * KC) packedA = new Float32Array(MC * KC);
  const pa = packedA;
  const pb = packedB;
  for (let p0 = 0; p0 < K; p0 += KC) {
    const kc = Math.min(KC, K - p0);
    const first = p0 === 0 && !accumulate;
    // B^T viewed as rows: B's columns become the "rows" that packRows gathers into panels.
    packRows({ data: b.data, offset: 0, rs: b.cs, cs: b.rs }, b.offset + p0 * b.rs, N, kc, pb);
    for (let i0 = 0; i0 < M; i0 += MC) {
      const mc = Math.min(MC, M - i0);
      packRows(a, a.offset + i0 * a.rs + p0 * a.cs, mc, kc, pa);
      for (let j0 = 0; j0 < N; j0 += NR) {
        const cols = Math.min(NR, N - j0);
        const bBase = (j0 / NR) * kc * NR;
        for (let ir = 0; ir < mc; ir += MR) {
          const rows = Math.min(MR, mc - ir);
          let ia = (ir / MR) * kc * MR;
          let ib = bBase;
          let c00 = 0,
            c01 = 0,
            c02 = 0,
            c03 = 0;
          let c10 = 0,
            c11 = 0,
            c12 = 0,
            c13 = 0;
          let c20 = 0,
            c21 = 0,
            c22 = 0,
            c23 = 0;
          let c30 = 0,
            c31 = 0,
            c32 = 0,
            c33 = 0;
          // biome-ignore format: the 4 x 4 tile reads best as a grid
          for (let k = 0; k < kc; k++) {
            const a0 = pa[ia]!, a1 = pa[ia + 1]!, a2 = pa[ia + 2]!, a3 = pa[ia + 3]!;
            const b0 = pb[ib]!, b1 = pb[ib + 1]!, b2 = pb[ib + 2]!, b3 = pb[ib + 3]!;
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            ia += MR;
            ib += NR;
          }
          const base = cOffset + (i0 + ir) * ldc + j0;
          if (rows === MR && cols === NR && first) {
            // biome-ignore format: the 4 x 4 tile reads best as a grid
            c[base] = c00;
            c[base + 1] = c01;
            c[base + 2] = c02;
            c[base + 3] = c03;
            const r1 = base + ldc,
              r2 = r1 + ldc,
              r3 = r2 + ldc;
            c[r1] = c10;
            c[r1 + 1] = c11;
            c[r1 + 2] = c12;
            c[r1 + 3] = c13;
            c[r2] = c20;
            c[r2 + 1] = c21;
            c[r2 + 2] = c22;
            c[r2 + 3] = c23;
            c[r3] = c30;
            c[r3 + 1] = c31;
            c[r3 + 2] = c32;
            c[r3 + 3] = c33;
          } else {
            const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
            for (let i = 0; i < rows; i++) {
              for (let j = 0; j < cols; j++) {
                const at = base + i * ldc + j;
                c[at] = (first ? 0 : c[at]!) + tile[i * NR + j]!;
              }
            }
          }
        }
      }
    }
  }
}

// Loading the WebAssembly kernels, and the one linear memory they work in.
//
// The kernels ship as base64 inside kernels.gen.ts, so loading needs no file or network access.
// Where WebAssembly is missing (the grader's isolate removes it), disabled by a content security
// policy, or rejects the binary, `loadKernels()` returns null and the fast backend runs its pure
// TypeScript path instead: same results within float tolerance, about ten times slower.
import { gemmLayouts, plainKernelsBase64, relaxedKernelsBase64 } from "./kernels.gen.ts";

/** The exports of the kernel module (see scripts/build-wasm-gemm.ts and build-wasm-ops.ts). */
export interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  gemm(
    a: number,
    rsA: number,
    csA: number,
    b: number,
    rsB: number,
    csB: number,
    c: number,
    ldc: number,
    M: number,
    N: number,
    K: number,
    packA: number,
    packB: number,
    flags: number, // gemmFlags bits: accumulate into C, reuse the packed A or B of the previous call
    scratch: number,
  ): void;
  /**
   * dst = a op b over `rows` rows of n floats (n a multiple of 4): a and dst contiguous, b's rows
   * bStride floats apart (n, or 0 for one row repeated); op codes in kernels.gen.ts.
   */
  binary(op: number, a: number, b: number, dst: number, rows: number, n: number, bStride: number): void;
  /** acc (n float64) = the sum of `rows` contiguous rows of n float32 at src (n a multiple of 4). */
  sumRows(src: number, acc: number, rows: number, n: number): void;
  /** dst[i] = op(src[i]) for i < n (n a multiple of 4); op codes in kernels.gen.ts. */
  unary(op: number, src: number, dst: number, n: number): void;
  /**
   * Softmax of scale * x over `rows` contiguous rows of n floats (log: writes x - max and each row's sum
   * at `sums`); T > 0 masks column s > t of row t of each (T, n) matrix (attention's causal mask).
   */
  softmax(
    src: number,
    dst: number,
    rows: number,
    n: number,
    log: number,
    sums: number,
    scale: number,
    T: number,
  ): void;
  /** dx = scale y (g - sum(g y)) over `rows` contiguous rows of n floats: softmax's backward. */
  softmaxBackward(y: number, g: number, dx: number, rows: number, n: number, scale: number): void;
  /** LayerNorm over `rows` contiguous rows of C floats (C a multiple of 4); see Backend.layerNorm. */
  layerNorm(
    x: number,
    w: number,
    b: number,
    eps: number,
    out: number,
    mean: number,
    rstd: number,
    rows: number,
    C: number,
  ): void;
  /** Its backward (adds into dw and db); see Backend.layerNormBackward. */
  layerNormBackward(
    g: number,
    x: number,
    w: number,
    mean: number,
    rstd: number,
    dx: number,
    dw: number,
    db: number,
    rows: number,
    C: number,
  ): void;
  /** dst (rows, cols) = transpose of src (cols, rows), both contiguous. */
  transpose(src: number, dst: number, rows: number, cols: number): void;
}

/** The few WebAssembly APIs we use; tsconfig has no DOM or Node types, so we name them here. */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes base64 without atob or Buffer, which not every isolate provides. */
export function decodeBase64(text: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < base64Alphabet.length; i++) lookup[base64Alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | lookup[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** Tile (mr x nr) and block sizes (mc, kc, nc) of one GEMM build. */
export interface GemmLayout {
  readonly mr: number;
  readonly nr: number;
  readonly mc: number;
  readonly kc: number;
  readonly nc: number;
}

/** Which instruction set the loaded kernels use, for the benchmark's report. */
export type KernelFlavour = "wasm-relaxed-simd" | "wasm-simd" | "typescript";

let loaded: KernelExports | null | undefined;
let flavour: KernelFlavour = "typescript";
let forcedOff = false;
let relaxedOff = false;
/**
 * Each build, once instantiated, is kept for later switches between paths (tests, the benchmark):
 * compiling it again could start over in V8's baseline tier (Liftoff: 13-14 GFLOP/s on a 256 matmul
 * against 53) until the optimizing compile, which runs in the background, lands.
 */
const instances: { relaxed?: KernelExports; plain?: KernelExports } = {};

/** The kernel module, compiled on first use; null where WebAssembly is unavailable. */
export function loadKernels(): KernelExports | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined) return loaded;
  try {
    const relaxed = decodeBase64(relaxedKernelsBase64);
    const useRelaxed = !relaxedOff && wasm.validate(relaxed);
    const build = useRelaxed ? "relaxed" : "plain";
    // Synchronous compile keeps every op synchronous. Workers (where course code runs) allow it for
    // any size; a browser main thread may refuse a large module, and then the catch below applies.
    const bytes = useRelaxed ? relaxed : decodeBase64(plainKernelsBase64);
    loaded = instances[build] ?? (new wasm.Instance(new wasm.Module(bytes), {}).exports as KernelExports);
    instances[build] = loaded;
    flavour = useRelaxed ? "wasm-relaxed-simd" : "wasm-simd";
  } catch {
    loaded = null; // e.g. a CSP without 'wasm-unsafe-eval': the TypeScript path takes over
  }
  return loaded;
}

/**
 * For a browser's main thread, which may refuse to compile a module synchronously: compile it
 * asynchronously instead, so later ops use WebAssembly. Resolves to true when the kernels are loaded.
 * Workers, Node and isolates never need this.
 */
export async function preloadKernels(): Promise<boolean> {
  if (loadKernels() !== null) return true;
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi & AsyncWebAssemblyApi }).WebAssembly;
  if (wasm === undefined || forcedOff) return false;
  try {
    const relaxed = decodeBase64(relaxedKernelsBase64);
    const useRelaxed = !relaxedOff && wasm.validate(relaxed);
    const { instance } = await wasm.instantiate(useRelaxed ? relaxed : decodeBase64(plainKernelsBase64), {});
    loaded = instance.exports as KernelExports;
    instances[useRelaxed ? "relaxed" : "plain"] = loaded;
    flavour = useRelaxed ? "wasm-relaxed-simd" : "wasm-simd";
    return true;
  } catch {
    return false;
  }
}

interface AsyncWebAssemblyApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}

/** The instruction set in use ("typescript" when WebAssembly is unavailable). */
export function kernelFlavour(): KernelFlavour {
  loadKernels();
  return flavour;
}

/**
 * Load the mul + add kernels even where relaxed SIMD is available (true), as an engine without it
 * would, or go back to preferring relaxed SIMD (false): tests of that build.
 */
export function setRelaxedSimdDisabled(disabled: boolean): void {
  relaxedOff = disabled;
  loaded = forcedOff ? null : undefined;
  flavour = "typescript";
}

/** Force the TypeScript path (true), or go back to WebAssembly where available (false): tests, benchmarks. */
export function setWasmDisabled(disabled: boolean): void {
  forcedOff = disabled;
  loaded = disabled ? null : undefined;
  flavour = "typescript";
  if (!disabled) loadKernels();
}

/**
 * The kernels' linear memory, used as a scratch arena: bytes [0, gemmLayouts.scratchBytes) hold the
 * GEMM's edge-tile scratch; every call lays out its operands after it, runs, and copies its result
 * out, so nothing stays allocated between calls. The memory grows to the largest call seen and is reused after that.
 */
export class WasmArena {
  readonly kernels: KernelExports;
  /** The GEMM's tile and block sizes in the loaded build. */
  readonly gemmLayout: GemmLayout;
  private view: Float32Array;
  private top = gemmLayouts.scratchBytes;

  constructor(kernels: KernelExports, layout: GemmLayout) {
    this.kernels = kernels;
    this.gemmLayout = layout;
    this.view = new Float32Array(kernels.memory.buffer);
  }

  /** Starts a new call: forget every earlier allocation. */
  reset(): void {
    this.top = gemmLayouts.scratchBytes;
  }

  /** Reserves `floats` float32 slots (16-byte aligned) and returns their byte address. */
  alloc(floats: number): number {
    const address = this.top;
    this.top += (floats * 4 + 15) & ~15;
    const have = this.kernels.memory.buffer.byteLength;
    if (this.top > have) this.kernels.memory.grow(Math.ceil((this.top - have) / 65536));
    return address;
  }

  /** A Float32Array over the whole memory (renewed after the memory grows). */
  f32(): Float32Array {
    if (this.view.buffer !== this.kernels.memory.buffer)
      this.view = new Float32Array(this.kernels.memory.buffer);
    return this.view;
  }
}

let arena: WasmArena | null = null;

/** The shared arena, or null when the TypeScript path is in use. */
export function wasmArena(): WasmArena | null {
  const kernels = loadKernels();
  if (kernels === null) return null;
  if (arena === null || arena.kernels !== kernels) {
    arena = new WasmArena(kernels, flavour === "wasm-relaxed-simd" ? gemmLayouts.relaxed : gemmLayouts.plain);
  }
  return arena;
}

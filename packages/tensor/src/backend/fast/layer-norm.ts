// LayerNorm and its backward in WebAssembly (four lanes at a time) for rows of C floats with C a
// multiple of 4 (every GPT width); other widths and the WebAssembly-less path use the reference.
import {
  layerNormBackward as referenceBackward,
  layerNorm as referenceLayerNorm,
} from "../reference/layer-norm.ts";
import { type WasmArena, wasmArena } from "./wasm-runtime.ts";

/** The arena when the WebAssembly kernels take rows of C floats (rows * C elements in all). */
function arenaFor(C: number, total: number): WasmArena | null {
  return C >= 4 && C % 4 === 0 && total >= 64 ? wasmArena() : null;
}

/** Places the arrays in the arena, copying in those marked as inputs; returns their byte addresses. */
function stageAll(arena: WasmArena, arrays: Float32Array[], inputs: boolean[]): number[] {
  arena.reset();
  const addresses = arrays.map((a) => arena.alloc(a.length));
  const view = arena.f32();
  arrays.forEach((a, i) => {
    if (inputs[i]) view.set(a, addresses[i]! >> 2);
  });
  return addresses;
}

function copyOut(arena: WasmArena, address: number, into: Float32Array): void {
  into.set(arena.f32().subarray(address >> 2, (address >> 2) + into.length));
}

export function layerNormFast(
  x: Float32Array,
  weight: Float32Array,
  bias: Float32Array,
  eps: number,
  out: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
): void {
  const C = weight.length;
  const arena = arenaFor(C, x.length);
  if (arena === null) {
    referenceLayerNorm(x, weight, bias, eps, out, mean, rstd);
    return;
  }
  const [px, pw, pb, po, pm, pr] = stageAll(
    arena,
    [x, weight, bias, out, mean, rstd],
    [true, true, true, false, false, false],
  );
  arena.kernels.layerNorm(px!, pw!, pb!, eps, po!, pm!, pr!, mean.length, C);
  copyOut(arena, po!, out);
  copyOut(arena, pm!, mean);
  copyOut(arena, pr!, rstd);
}

export function layerNormBackwardFast(
  g: Float32Array,
  x: Float32Array,
  weight: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
  dx: Float32Array,
  dweight: Float32Array,
  dbias: Float32Array,
): void {
  const C = weight.length;
  const arena = arenaFor(C, x.length);
  if (arena === null) {
    referenceBackward(g, x, weight, mean, rstd, dx, dweight, dbias);
    return;
  }
  const [pg, px, pw, pm, pr, pdx, pdw, pdb] = stageAll(
    arena,
    [g, x, weight, mean, rstd, dx, dweight, dbias],
    [true, true, true, true, true, false, true, true], // dweight and dbias are added into
  );
  arena.kernels.layerNormBackward(pg!, px!, pw!, pm!, pr!, pdx!, pdw!, pdb!, mean.length, C);
  copyOut(arena, pdx!, dx);
  copyOut(arena, pdw!, dweight);
  copyOut(arena, pdb!, dbias);
}

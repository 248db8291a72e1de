import { type Tensor, tensor } from "@nanoschool/tensor";

/** The (T, C) sinusoidal position encoding: sin in even channels, cos in odd ones. C must be even. */
export function sinusoidalPositions(T: number, C: number): Tensor {
  const data = new Float32Array(T * C);
  for (let p = 0; p < T; p++) {
    for (let i = 0; i < C / 2; i++) {
      const angle = p / 10000 ** ((2 * i) / C); // pair i turns at frequency 10000^(-2i/C)
      data[p * C + 2 * i] = Math.sin(angle);
      data[p * C + 2 * i + 1] = Math.cos(angle);
    }
  }
  return tensor(data).reshape(T, C);
}

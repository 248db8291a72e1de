import { type Tensor, zeros } from "@nanoschool/tensor";

/** The (T, C) sinusoidal position encoding: sin in even channels, cos in odd ones. C must be even. */
export function sinusoidalPositions(T: number, C: number): Tensor {
  // TODO: P[p, 2i] = sin(p / 10000^(2i/C)) and P[p, 2i+1] = cos(p / 10000^(2i/C)).
  return zeros([T, C]);
}

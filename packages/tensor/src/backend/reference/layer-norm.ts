// LayerNorm, fused: one pass for the statistics and one for the output, per row of C values.
//   forward:  xhat = (x - mean) * rstd,  y = xhat * w + b,  rstd = 1 / sqrt(var + eps)
//   backward: with dxhat = g * w,
//             dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
//             dw += sum over rows of g * xhat,  db += sum over rows of g
// (dx has three terms because every x moves the row's mean and variance too.)

export function layerNorm(
  x: Float32Array,
  weight: Float32Array,
  bias: Float32Array,
  eps: number,
  out: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
): void {
  const C = weight.length;
  for (let row = 0; row < mean.length; row++) {
    const base = row * C;
    let sum = 0;
    for (let i = 0; i < C; i++) sum += x[base + i]!;
    const m = sum / C;
    let squares = 0;
    for (let i = 0; i < C; i++) {
      const d = x[base + i]! - m;
      squares += d * d;
    }
    const r = 1 / Math.sqrt(squares / C + eps);
    mean[row] = m;
    rstd[row] = r;
    for (let i = 0; i < C; i++) out[base + i] = (x[base + i]! - m) * r * weight[i]! + bias[i]!;
  }
}

export function layerNormBackward(
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
  for (let row = 0; row < mean.length; row++) {
    const base = row * C;
    const m = mean[row]!;
    const r = rstd[row]!;
    let meanDxhat = 0;
    let meanDxhatXhat = 0;
    for (let i = 0; i < C; i++) {
      const xhat = (x[base + i]! - m) * r;
      const dxhat = g[base + i]! * weight[i]!;
      meanDxhat += dxhat;
      meanDxhatXhat += dxhat * xhat;
      dweight[i]! += g[base + i]! * xhat;
      dbias[i]! += g[base + i]!;
    }
    meanDxhat /= C;
    meanDxhatXhat /= C;
    for (let i = 0; i < C; i++) {
      const xhat = (x[base + i]! - m) * r;
      const dxhat = g[base + i]! * weight[i]!;
      dx[base + i] = r * (dxhat - meanDxhat - xhat * meanDxhatXhat);
    }
  }
}

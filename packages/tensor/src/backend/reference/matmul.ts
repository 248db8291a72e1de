// Batched matrix product: (...batch, M, K) @ (...batch, K, N) -> (...batch, M, N).
import type { StridedArray } from "../backend.ts";
import { blockOffsets } from "./strided.ts";

export function matmul(a: StridedArray, b: StridedArray, out: Float32Array): void {
  const nd = a.shape.length;
  const M = a.shape[nd - 2]!;
  const K = a.shape[nd - 1]!;
  const N = b.shape[nd - 1]!;
  // Strides of the two matrix axes: a transposed operand simply has them swapped.
  const [sam, sak] = [a.strides[nd - 2]!, a.strides[nd - 1]!];
  const [sbk, sbn] = [b.strides[nd - 2]!, b.strides[nd - 1]!];
  const batchShape = a.shape.slice(0, nd - 2);
  const aBatch = blockOffsets(batchShape, a.strides.slice(0, nd - 2));
  const bBatch = blockOffsets(batchShape, b.strides.slice(0, nd - 2));
  const ad = a.data;
  const bd = b.data;
  // One float64 row accumulator: out[i, :] = sum_k a[i, k] * b[k, :]. The i-k-j loop order reads
  // b row by row, which is kinder to the cache than the textbook i-j-k order.
  const acc = new Float64Array(N);
  for (let batch = 0; batch < aBatch.length; batch++) {
    const pa = a.offset + aBatch[batch]!;
    const pb = b.offset + bBatch[batch]!;
    const po = batch * M * N;
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      for (let k = 0; k < K; k++) {
        const aik = ad[pa + i * sam + k * sak]!;
        const rowB = pb + k * sbk;
        for (let j = 0; j < N; j++) acc[j]! += aik * bd[rowB + j * sbn]!;
      }
      for (let j = 0; j < N; j++) out[po + i * N + j] = acc[j]!;
    }
  }
}

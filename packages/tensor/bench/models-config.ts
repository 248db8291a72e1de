// The model workloads of the benchmark, shared by every contender.

export const modelConfig = {
  /** The chapter-5 GPT: 4 layers, 4 heads, 128 channels, context 64, batch 16, vocabulary 65. */
  gpt: { vocab: 65, context: 64, channels: 128, layers: 4, heads: 4, batch: 16 },
};

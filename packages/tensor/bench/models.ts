// Model-level benchmarks: filled in once the frontend, nn and optim exist.
import type { Row } from "./run.ts";
import type { TorchResult } from "./torch.ts";

export const modelBenchmarks = {
  gptConfig: { vocab: 65, context: 64, channels: 128, layers: 4, heads: 4, batch: 16 },
  async run(_torch: TorchResult | null): Promise<Row[]> {
    return [];
  },
};

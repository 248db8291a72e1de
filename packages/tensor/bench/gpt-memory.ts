/// <reference types="node" />
// Peak memory of the GPT training step, in a fresh process so nothing earlier inflates the peak:
// the growth of the peak resident set size over three steps, from just before the first.
// Prints one JSON line: {"peakGrowthMiB": number}.

import { modelConfig } from "./models-config.ts";
import { gptStep } from "./models-ours.ts";

const step = gptStep("fast", modelConfig.gpt);
const before = process.memoryUsage().rss;
for (let i = 0; i < 3; i++) step();
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ peakGrowthMiB: Math.max(0, peak - before) / 2 ** 20 }));

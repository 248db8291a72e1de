import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every test file starts its own sandbox children and the suites measure limits in wall-clock
    // time: one file at a time keeps them from starving each other on 2 shared cores.
    maxWorkers: 1,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Exercise fixtures' visible.test.ts and hidden.test.ts run in the sandbox, not in Vitest.
    exclude: ["src/fixtures/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The integration tests start graders and sandboxes; one file at a time keeps a 2-core machine usable.
    fileParallelism: false,
  },
});

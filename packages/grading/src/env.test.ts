import { describe, expect, it } from "vitest";
import { GradingEnvError, gradesInWebProcess, readGradingEnv } from "./env.ts";

describe("grading env", () => {
  it("grades in the web process on the embedded database unless told not to", () => {
    expect(gradesInWebProcess({ ...readGradingEnv({}), DATABASE_URL: undefined })).toBe(true);
    expect(
      gradesInWebProcess({ ...readGradingEnv({ GRADER_IN_PROCESS: "false" }), DATABASE_URL: undefined }),
    ).toBe(false);
    expect(gradesInWebProcess({ ...readGradingEnv({}), DATABASE_URL: "postgres://x/y" })).toBe(false);
    expect(
      gradesInWebProcess({ ...readGradingEnv({ GRADER_IN_PROCESS: "true" }), DATABASE_URL: "postgres://x" }),
    ).toBe(true);
  });

  it("rejects a bad concurrency or switch with the setting's name", () => {
    expect(() => readGradingEnv({ GRADER_CONCURRENCY: "0" })).toThrow(GradingEnvError);
    expect(() => readGradingEnv({ GRADER_IN_PROCESS: "yes" })).toThrow(/GRADER_IN_PROCESS/);
  });
});

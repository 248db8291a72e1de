import { GradingEnvError } from "@nanoschool/grading/env";
import { describe, expect, it } from "vitest";
import { GraderEnvError, readGraderEnv } from "./env.ts";

describe("readGraderEnv", () => {
  it("defaults the concurrency to 2 and reads a valid setting", () => {
    expect(readGraderEnv({}).GRADER_CONCURRENCY).toBe(2);
    expect(readGraderEnv({ GRADER_CONCURRENCY: "6" }).GRADER_CONCURRENCY).toBe(6);
  });

  it("rejects a concurrency that is not a positive integer, saying what it got", () => {
    expect(() => readGraderEnv({ GRADER_CONCURRENCY: "0" })).toThrow(GradingEnvError);
    expect(() => readGraderEnv({ GRADER_SHUTDOWN_TIMEOUT_MS: "-1" })).toThrow(GraderEnvError);
    expect(() => readGraderEnv({ GRADER_CONCURRENCY: "two" })).toThrow(/GRADER_CONCURRENCY.*"two"/);
  });
});

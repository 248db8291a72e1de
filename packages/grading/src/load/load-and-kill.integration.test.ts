// The small load-and-kill run CI makes (the full one is `npm run bench -w @nanoschool/grader`).
import { readDatabaseEnv } from "@nanoschool/db/env";
import { describe, expect, it } from "vitest";
import { loadRunFailures, runLoadAndKill } from "./load-and-kill.ts";

describe("load and kill", () => {
  it("grades 40 submissions with one grader killed mid-way: none lost, none graded twice", async () => {
    const report = await runLoadAndKill({
      total: 40,
      clients: 8,
      graders: 2,
      concurrency: 2,
      killAt: 0.3,
      databaseUrl: readDatabaseEnv().DATABASE_URL,
    });
    expect(loadRunFailures(report, 40)).toEqual([]);
    expect(report.graded).toBe(40);
    expect(report.killedPid).toBeDefined();
  }, 300_000);
});

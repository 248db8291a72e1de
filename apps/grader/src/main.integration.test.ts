// The grader process starts on the configured database and, on SIGTERM, finishes and exits 0.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { openQueue } from "@nanoschool/grading/queue";
import { openSharedTestDatabase } from "@nanoschool/grading/testing";
import { afterAll, describe, expect, it } from "vitest";

const shared = await openSharedTestDatabase();
afterAll(() => shared.close());

describe("the grader process", () => {
  it("reports ready and exits 0 on SIGTERM", async () => {
    const queue = await openQueue(shared.handle); // installs pg-boss once, as the web would have
    await queue.close();
    await shared.release();
    const database =
      shared.handle.kind === "postgres"
        ? { DATABASE_URL: shared.target }
        : { NANOSCHOOL_DATA_DIR: shared.target, DATABASE_URL: "" };
    const child = spawn(process.execPath, ["--no-warnings", new URL("./main.ts", import.meta.url).pathname], {
      env: { ...process.env, ...database, GRADER_CONCURRENCY: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    const exited = once(child, "exit");
    for await (const line of lines) {
      if (line.startsWith(`grader ${child.pid} ready`)) break;
    }
    child.kill("SIGTERM");
    const [code] = await exited;
    expect(code).toBe(0);
    await shared.reopen();
  }, 120_000);
});

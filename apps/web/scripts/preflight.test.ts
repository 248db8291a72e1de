import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const script = path.join(import.meta.dirname, "preflight.ts");
const goodSecret = "s".repeat(40);

// The real preflight, in a real Node process: a bad setting stops the app with exactly one line.
async function preflight(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [script], {
      env: {
        PATH: process.env.PATH ?? "",
        NANOSCHOOL_SKIP_DOTENV: "1",
        NODE_ENV: "production",
        ...env,
      } as NodeJS.ProcessEnv,
      cwd: path.join(import.meta.dirname, ".."),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("preflight", () => {
  it("passes with good settings on the embedded database", async () => {
    const result = await preflight({ BETTER_AUTH_SECRET: goodSecret });
    expect(result).toMatchObject({ code: 0, stderr: "" });
  });

  it("names a missing secret in one line", async () => {
    const result = await preflight({});
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("BETTER_AUTH_SECRET is missing");
  });

  it("names a malformed DATABASE_URL in one line", async () => {
    const result = await preflight({ BETTER_AUTH_SECRET: goodSecret, DATABASE_URL: "mysql://nope" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("DATABASE_URL must start with postgres://");
  });

  it("names an unreachable server in one line, password redacted", async () => {
    const result = await preflight({
      BETTER_AUTH_SECRET: goodSecret,
      DATABASE_URL: "postgres://u:hunter2@127.0.0.1:1/db",
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("Cannot reach the database at postgres://u:***@127.0.0.1:1/db");
    expect(result.stderr).not.toContain("hunter2");
  });
});

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { openDatabase, queryRows } from "@nanoschool/db/client";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const setupScript = path.resolve(import.meta.dirname, "../../../scripts/setup.ts");
const dataRoot = mkdtempSync(path.join(tmpdir(), "nanoschool-setup-"));
const env = {
  PATH: process.env.PATH ?? "",
  NODE_ENV: "production",
  NANOSCHOOL_DATA_DIR: path.join(dataRoot, "pglite"),
  BETTER_AUTH_SECRET: "setup-test-secret-0123456789-0123456789",
} as NodeJS.ProcessEnv;

// The real setup script, twice on one data folder: a second `npm start` keeps the data and
// duplicates nothing.
describe("npm run setup", () => {
  afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

  it("migrates and seeds on the first run, and changes nothing on the second", {
    timeout: 240_000,
  }, async () => {
    const first = await run(process.execPath, [setupScript], { env });
    expect(first.stdout).toContain("demo accounts created (student@demo.local, instructor@demo.local)");
    const second = await run(process.execPath, [setupScript], { env });
    expect(second.stdout).toContain("demo accounts already there");

    const handle = await openDatabase({ dataDir: env.NANOSCHOOL_DATA_DIR });
    try {
      const rows = await queryRows<{ email: string; role: string }>(
        handle.db,
        sql`select email, role from "user" order by email`,
      );
      expect(rows).toEqual([
        { email: "instructor@demo.local", role: "instructor" },
        { email: "student@demo.local", role: "student" },
      ]);
    } finally {
      await handle.close();
    }
  });
});

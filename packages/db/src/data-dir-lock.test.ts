import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lockDataDir } from "./data-dir-lock.ts";
import { DatabaseInUseError } from "./errors.ts";

describe("lockDataDir", () => {
  const dirs: string[] = [];
  const freshDataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "nanoschool-lock-"));
    dirs.push(dir);
    return path.join(dir, "pglite");
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("takes the lock, writes our pid and releases it", () => {
    const dataDir = freshDataDir();
    const release = lockDataDir(dataDir);
    expect(readFileSync(`${dataDir}.lock`, "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it("refuses a data folder held by another live process, naming it", async () => {
    const dataDir = freshDataDir();
    const holder = spawn("sleep", ["30"]);
    try {
      writeFileSync(`${dataDir}.lock`, String(holder.pid));
      expect(() => lockDataDir(dataDir)).toThrow(DatabaseInUseError);
      expect(() => lockDataDir(dataDir)).toThrow(`in use by process ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  it("takes over a lock left behind by a process that died", async () => {
    const dataDir = freshDataDir();
    const dead = spawn("true");
    await new Promise((resolve) => dead.on("exit", resolve));
    writeFileSync(`${dataDir}.lock`, String(dead.pid));
    const release = lockDataDir(dataDir);
    expect(readFileSync(`${dataDir}.lock`, "utf8")).toBe(String(process.pid));
    release();
  });
});

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sandboxChildFlags } from "./isolate-pool.ts";

/**
 * The second wall: code that escaped the isolate would run as Node code in the sandbox child.
 * Run such code under exactly the child's flags and check what it can do.
 */
function underChildFlags(code: string): string {
  return execFileSync(process.execPath, [...sandboxChildFlags(), "--input-type=module", "-e", code], {
    env: {},
    encoding: "utf8",
  }).trim();
}

const repoPackageJson = fileURLToPath(new URL("../../../../package.json", import.meta.url));
const ownPackageJson = fileURLToPath(new URL("../../package.json", import.meta.url));

const attempt = (name: string, expression: string) =>
  `try { await (${expression}); console.log("${name}: allowed"); } catch (e) { console.log("${name}: " + (e.code ?? e.message)); }`;

describe("sandbox child process flags", () => {
  it("deny reading outside the package, writing, child processes and workers", () => {
    const out = underChildFlags(
      [
        'import fs from "node:fs"; import cp from "node:child_process"; import { Worker } from "node:worker_threads";',
        attempt("read /etc/passwd", 'fs.promises.readFile("/etc/passwd", "utf8")'),
        attempt("read the repo root", `fs.promises.readFile(${JSON.stringify(repoPackageJson)})`),
        attempt("read its own package", `fs.promises.readFile(${JSON.stringify(ownPackageJson)})`),
        attempt("write /tmp", 'fs.promises.writeFile("/tmp/nanoschool-escape.txt", "x")'),
        attempt("spawn", 'Promise.resolve().then(() => cp.execSync("id"))'),
        attempt("worker", 'Promise.resolve().then(() => new Worker("1", { eval: true }))'),
        'console.log("env: " + Object.keys(process.env).length);',
      ].join("\n"),
    );
    expect(out.split("\n")).toEqual([
      "read /etc/passwd: ERR_ACCESS_DENIED",
      "read the repo root: ERR_ACCESS_DENIED",
      "read its own package: allowed",
      "write /tmp: ERR_ACCESS_DENIED",
      "spawn: ERR_ACCESS_DENIED",
      "worker: ERR_ACCESS_DENIED",
      "env: 0",
    ]);
  });
});

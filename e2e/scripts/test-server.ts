// Starts the production build on a fresh embedded database for the browser tests:
// a temporary data folder, migrations and demo accounts (npm run setup's steps), then `next start`.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const port = process.env.E2E_PORT ?? "3100";
const dataDir = mkdtempSync(path.join(tmpdir(), "nanoschool-e2e-"));
const env = {
  ...process.env,
  NANOSCHOOL_DATA_DIR: path.join(dataDir, "pglite"),
  BETTER_AUTH_SECRET: "e2e-secret-that-is-long-enough-0123456789",
  BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
  PORT: port,
  DATABASE_URL: "",
};

const setup = spawnSync(process.execPath, [path.join(root, "scripts/setup.ts")], { env, stdio: "inherit" });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const server = spawn(
  process.execPath,
  [path.join(root, "node_modules/next/dist/bin/next"), "start", "--port", port, "--hostname", "127.0.0.1"],
  { cwd: path.join(root, "apps/web"), env, stdio: "inherit" },
);
const stop = () => {
  server.kill("SIGTERM");
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});

// Runs before `next start` / `next dev`: a missing or bad setting, or a database that cannot be reached,
// stops the app here with one line that says what to fix, instead of a stack trace on the first request.
import { existsSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "@nanoschool/db/client";
import { readWebEnv } from "../src/env.ts";

const rootEnv = path.resolve(import.meta.dirname, "../../../.env");
// Tests pass their own environment and skip the developer's .env.
if (!process.env.NANOSCHOOL_SKIP_DOTENV && existsSync(rootEnv)) process.loadEnvFile(rootEnv);

try {
  const env = readWebEnv();
  if (env.DATABASE_URL) {
    const handle = await openDatabase({ url: env.DATABASE_URL, maxConnections: 1 });
    await handle.close();
  }
  // PGlite is opened by the server itself; openDatabase there reports a data folder held by another process.
} catch (error) {
  console.error(`nanoschool cannot start: ${(error as Error).message}`);
  process.exit(1);
}

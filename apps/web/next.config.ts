import { existsSync } from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";

// Settings live in one .env at the repository root (npm run setup writes it), shared with the CLIs.
const rootEnv = path.resolve(import.meta.dirname, "../../.env");
if (existsSync(rootEnv)) process.loadEnvFile(rootEnv);

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: [
    "@nanoschool/api",
    "@nanoschool/curriculum",
    "@nanoschool/db",
    "@nanoschool/ui",
    "@nanoschool/tutor",
    "@nanoschool/grading",
  ],
  // Native code, WASM (and PGlite extension archives) and worker threads stay outside the bundle.
  // The server sandbox forks its child from a path next to its own source, so it must load unbundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "pg",
    "pg-boss",
    "isolated-vm",
    "@nanoschool/sandbox",
  ],
  // Types are checked once, by `npm run typecheck` in every package (CI runs it); not again in the build.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// Scripts run from a workspace folder and Next.js from apps/web, so paths such as the migrations folder
// and the default data folder are resolved against the repository root, found by walking up to the
// package.json that declares the workspaces.
let cached: string | undefined;

export function findRepoRoot(start: string = process.cwd()): string {
  if (cached) return cached;
  // The walk is runtime-only; tell the bundler not to trace the whole project because of it.
  let dir = path.resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        const json = JSON.parse(readFileSync(pkg, "utf8")) as { workspaces?: unknown };
        if (json.workspaces) {
          cached = dir;
          return dir;
        }
      } catch {
        // an unreadable package.json is not the root; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Could not find the nanoschool repository root above ${start}`);
    dir = parent;
  }
}

export function migrationsFolder(): string {
  return path.join(/*turbopackIgnore: true*/ findRepoRoot(), "drizzle");
}

export function defaultDataDir(configured?: string): string {
  const dir = configured ?? ".data/pglite";
  return path.isAbsolute(dir) ? dir : path.join(/*turbopackIgnore: true*/ findRepoRoot(), dir);
}

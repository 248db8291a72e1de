// `npm run setup`: everything a fresh machine needs before the app starts, safe to run again.
// 1. .env from .env.example, with a freshly generated BETTER_AUTH_SECRET;
// 2. migrations; 3. demo accounts; 4. the course import (a no-op when the files have not changed).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readDemoSeedSettings, seedConfiguredDemoAccounts } from "@nanoschool/api/seed";
import { openDatabase } from "@nanoschool/db/client";
import { CourseInvalidError, importCourseFolder } from "@nanoschool/db/import-course";
import { migrateDatabase } from "@nanoschool/db/migrate";

const root = path.resolve(import.meta.dirname, "..");
const envPath = path.join(root, ".env");

function ensureEnvFile(): void {
  // Settings already in the environment (CI, the e2e server, a deployment) need no file.
  if (existsSync(envPath) || process.env.BETTER_AUTH_SECRET) return;
  const template = readFileSync(path.join(root, ".env.example"), "utf8");
  const secret = randomBytes(32).toString("hex");
  writeFileSync(envPath, template.replace(/^BETTER_AUTH_SECRET=.*$/m, `BETTER_AUTH_SECRET=${secret}`), {
    mode: 0o600,
  });
  console.log("setup: wrote .env with a new BETTER_AUTH_SECRET");
}

// A course with problems must not keep the app from starting: the last good version stays published.
async function importDefaultCourse(db: Parameters<typeof importCourseFolder>[0]): Promise<void> {
  try {
    const result = await importCourseFolder(db, path.join(root, "curriculum", "llm101n"));
    const what = {
      created: "imported as version",
      unchanged: "unchanged, version",
      republished: "published again, version",
    };
    console.log(`setup: course ${result.courseId} ${what[result.status]} ${result.versionNumber}`);
  } catch (error) {
    if (!(error instanceof CourseInvalidError)) throw error;
    console.warn(
      `setup: course not imported: curriculum/llm101n has ${error.problems.length} problem(s); run \`npm run curriculum:check\` to list them`,
    );
  }
}

try {
  ensureEnvFile();
  if (existsSync(envPath)) process.loadEnvFile(envPath); // the environment wins over the file
  const settings = readDemoSeedSettings();
  const handle = await openDatabase();
  console.log(`setup: database ${handle.kind} (${handle.location})`);
  await migrateDatabase(handle);
  console.log("setup: migrations applied");
  const { created } = await seedConfiguredDemoAccounts(handle.db, settings);
  console.log(`setup: demo accounts ${created.length ? `created (${created.join(", ")})` : "already there"}`);
  await importDefaultCourse(handle.db);
  await handle.close();
} catch (error) {
  console.error(`setup failed: ${(error as Error).message}`);
  process.exit(1);
}

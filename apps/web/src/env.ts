import { readAuthEnv } from "@nanoschool/api/env";
import { readDatabaseEnv } from "@nanoschool/db/env";
import { readTutorEnv } from "@nanoschool/tutor/env";

// Every setting the web app reads, validated together: a missing or bad one stops the app with one
// line that names it (scripts/preflight.ts prints it before Next starts).
export function readWebEnv(env: Record<string, string | undefined> = process.env) {
  return { ...readDatabaseEnv(env), ...readAuthEnv(env), ...readTutorEnv(env) };
}
export type WebEnv = ReturnType<typeof readWebEnv>;

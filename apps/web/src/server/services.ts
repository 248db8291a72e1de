import { type Auth, createAuth } from "@nanoschool/api/auth";
import type { GradingServices } from "@nanoschool/api/context";
import { type DatabaseHandle, openDatabase } from "@nanoschool/db/client";
import { migrateDatabase } from "@nanoschool/db/migrate";
import { readWebEnv } from "@/env";

/** `grading` is there when this process can queue submissions (see instrumentation.ts). */
export type Services = { handle: DatabaseHandle; auth: Auth; grading?: GradingServices };

// One database and one auth instance per server process. Kept on globalThis because Next may evaluate
// this module more than once (route bundles, dev reloads) and PGlite must be opened only once.
const holder = globalThis as typeof globalThis & { __nanoschoolServices?: Promise<Services> };

export function getServices(): Promise<Services> {
  holder.__nanoschoolServices ??= (async () => {
    const env = readWebEnv();
    const handle = await openDatabase();
    await migrateDatabase(handle); // idempotent; a fresh replica catches up on its own
    const auth = createAuth({ db: handle.db, secret: env.BETTER_AUTH_SECRET, baseURL: env.BETTER_AUTH_URL });
    return { handle, auth };
  })().catch((error) => {
    holder.__nanoschoolServices = undefined; // let the next request try again
    throw error;
  });
  return holder.__nanoschoolServices;
}

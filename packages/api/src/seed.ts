import type { Database } from "@nanoschool/db/client";
import { type UserRole, user } from "@nanoschool/db/schema";
import { eq } from "drizzle-orm";
import { type Auth, createAuth } from "./auth/auth.ts";
import { readAuthEnv, readSeedEnv } from "./env.ts";

export type DemoAccount = { email: string; name: string; password: string; role: UserRole };

export function demoAccounts(passwords: { student: string; instructor: string }): DemoAccount[] {
  return [
    { email: "student@demo.local", name: "Demo Student", password: passwords.student, role: "student" },
    {
      email: "instructor@demo.local",
      name: "Demo Instructor",
      password: passwords.instructor,
      role: "instructor",
    },
  ];
}

/**
 * Creates the demo accounts through better-auth (so passwords are hashed the way sign-in checks them).
 * Idempotent: an account that exists keeps its password and gets its role back, so a second
 * `npm start` on the same data folder duplicates nothing.
 */
export async function seedDemoAccounts(db: Database, auth: Auth, accounts: DemoAccount[]) {
  const created: string[] = [];
  for (const account of accounts) {
    const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, account.email));
    if (!existing) {
      await auth.api.signUpEmail({
        body: { email: account.email, password: account.password, name: account.name },
      });
      created.push(account.email);
    }
    await db.update(user).set({ role: account.role }).where(eq(user.email, account.email));
  }
  return { created };
}

/** The settings the demo seed needs, read and validated before any database work starts. */
export function readDemoSeedSettings() {
  return { auth: readAuthEnv(), seed: readSeedEnv() };
}

/** `npm run db:seed` and `npm run setup`: the demo accounts with the configured passwords. */
export function seedConfiguredDemoAccounts(db: Database, settings: ReturnType<typeof readDemoSeedSettings>) {
  const auth = createAuth({
    db,
    secret: settings.auth.BETTER_AUTH_SECRET,
    baseURL: settings.auth.BETTER_AUTH_URL,
  });
  return seedDemoAccounts(
    db,
    auth,
    demoAccounts({
      student: settings.seed.DEMO_STUDENT_PASSWORD,
      instructor: settings.seed.DEMO_INSTRUCTOR_PASSWORD,
    }),
  );
}

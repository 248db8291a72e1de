import { openDatabase } from "@nanoschool/db/client";
import { migrateDatabase } from "@nanoschool/db/migrate";
import { createAuth } from "../auth/auth.ts";
import { readAuthEnv, readSeedEnv } from "../env.ts";
import { demoAccounts, seedDemoAccounts } from "../seed.ts";

// `npm run db:seed`: the demo accounts (passwords from DEMO_*_PASSWORD, see .env.example).
try {
  const authEnv = readAuthEnv();
  const seedEnv = readSeedEnv();
  const handle = await openDatabase();
  await migrateDatabase(handle);
  const auth = createAuth({
    db: handle.db,
    secret: authEnv.BETTER_AUTH_SECRET,
    baseURL: authEnv.BETTER_AUTH_URL,
  });
  const { created } = await seedDemoAccounts(
    handle.db,
    auth,
    demoAccounts({ student: seedEnv.DEMO_STUDENT_PASSWORD, instructor: seedEnv.DEMO_INSTRUCTOR_PASSWORD }),
  );
  console.log(
    created.length ? `Demo accounts created: ${created.join(", ")}.` : "Demo accounts already exist.",
  );
  await handle.close();
} catch (error) {
  console.error(`db:seed failed: ${(error as Error).message}`);
  process.exit(1);
}

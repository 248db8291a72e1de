import { openDatabase } from "@nanoschool/db/client";
import { migrateDatabase } from "@nanoschool/db/migrate";
import { readDemoSeedSettings, seedConfiguredDemoAccounts } from "../seed.ts";

// `npm run db:seed`: the demo accounts (passwords from DEMO_*_PASSWORD, see .env.example).
try {
  const settings = readDemoSeedSettings();
  const handle = await openDatabase();
  await migrateDatabase(handle);
  const { created } = await seedConfiguredDemoAccounts(handle.db, settings);
  console.log(
    created.length ? `Demo accounts created: ${created.join(", ")}.` : "Demo accounts already exist.",
  );
  await handle.close();
} catch (error) {
  console.error(`db:seed failed: ${(error as Error).message}`);
  process.exit(1);
}

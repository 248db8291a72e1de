import { openDatabase } from "../client.ts";
import { migrateDatabase } from "../migrate.ts";

// `npm run db:migrate`: applies pending migrations to PGlite or DATABASE_URL, then exits.
try {
  const handle = await openDatabase();
  await migrateDatabase(handle);
  console.log(`Migrations applied (${handle.kind}: ${handle.location}).`);
  await handle.close();
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exit(1);
}

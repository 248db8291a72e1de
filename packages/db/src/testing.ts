import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "./client.ts";
import { readDatabaseEnv } from "./env.ts";
import { migrateDatabase } from "./migrate.ts";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or, when DATABASE_URL
 * is set (CI's second pass), a new database on that server that is dropped on close. The same tests
 * thus prove the same migrations and queries on both.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const { DATABASE_URL } = readDatabaseEnv();
  if (!DATABASE_URL) {
    const handle = await openDatabase({ memory: true });
    await migrateDatabase(handle);
    return handle;
  }
  const name = `nanoschool_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections: 4 });
  await migrateDatabase(handle);
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: DATABASE_URL });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

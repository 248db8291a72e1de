import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "./client.ts";
import { migrationsFolder } from "./repo-root.ts";

// pgvector on a Postgres server is optional: the tutor's vector search uses it when the extension is
// created and ranks in process otherwise. So it is created here, after the migrations and only when the
// server offers it, not in a migration (which would fail on servers without it). A role that may not
// create extensions leaves it off with a notice; an administrator can run `create extension vector`.
// (On PGlite, openDatabase creates it, since PGlite always ships it.)
const CREATE_PGVECTOR_IF_AVAILABLE = `do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'vector') then
    create extension if not exists vector;
  end if;
exception when insufficient_privilege then
  raise notice 'pgvector is installed on this server but this role may not create it; run "create extension vector" as a superuser to enable the tutor''s vector search';
end $$`;

// An arbitrary constant: the advisory lock that keeps two web replicas from migrating at once.
const MIGRATION_LOCK_ID = 7_210_101;

/** Applies every migration in drizzle/ that has not run yet. Safe to call on every start. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const folder = migrationsFolder();
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    return;
  }
  const client = await handle.pool!.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    await migrateNodePg(drizzleNodePg({ client }), { migrationsFolder: folder });
    await client.query(CREATE_PGVECTOR_IF_AVAILABLE);
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    client.release();
  }
}

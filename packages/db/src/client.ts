import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.ts";
import { type DatabaseEnv, readDatabaseEnv } from "./env.ts";
import { DatabaseUnreachableError, redactUrl } from "./errors.ts";
import { defaultDataDir } from "./repo-root.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The one database type the rest of the code sees, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseHandle = {
  db: Database;
  kind: "pglite" | "postgres";
  /** Where the data lives: a folder for PGlite (or "memory"), a redacted URL for Postgres. */
  location: string;
  /** The PGlite instance on the embedded default (pg-boss runs on it too); undefined on Postgres. */
  pglite?: PGlite;
  /** The pg pool on Postgres; undefined on PGlite. */
  pool?: pg.Pool;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** A postgres:// URL; defaults to DATABASE_URL. */
  url?: string;
  /** PGlite's data folder; defaults to NANOSCHOOL_DATA_DIR or .data/pglite at the repo root. */
  dataDir?: string;
  /** An in-memory PGlite (tests). */
  memory?: boolean;
  /** Max pool size on Postgres. */
  maxConnections?: number;
};

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const env: DatabaseEnv =
    options.memory || options.url || options.dataDir ? { DATABASE_URL: undefined } : readDatabaseEnv();
  const url = options.url ?? env.DATABASE_URL;
  if (url && !options.memory) return openPostgres(url, options.maxConnections ?? 10);
  if (options.memory) return openPglite(undefined);
  return openPglite(defaultDataDir(options.dataDir ?? env.NANOSCHOOL_DATA_DIR));
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  try {
    // pgvector ships as a PGlite extension built for one exact PGlite version (hence both pinned in
    // package.json). It is created here rather than in a migration, because the same migrations must run
    // on a Postgres server that may not have pgvector installed; there the tutor detects it at run time.
    const client = new PGlite({ dataDir, extensions: { vector } });
    await client.waitReady;
    await client.exec("create extension if not exists vector");
    const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Database;
    return {
      db,
      kind: "pglite",
      location: dataDir ?? "memory",
      pglite: client,
      async close() {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as Error).message || String(error);
    throw new DatabaseUnreachableError(
      `Cannot reach the database at ${redactUrl(url)}: ${reason}. Check DATABASE_URL and that the server is running.`,
    );
  }
  const db = drizzleNodePg({ client: pool, schema, casing: "snake_case" }) as unknown as Database;
  return { db, kind: "postgres", location: redactUrl(url), pool, close: () => pool.end() };
}

/** True when the database answers a trivial query within the timeout. */
export async function pingDatabase(db: Database, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.execute(sql`select 1`).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

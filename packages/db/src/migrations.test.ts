import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase, queryRows } from "./client.ts";
import { migrationsFolder } from "./repo-root.ts";

// Migrations that move data, run against a database holding rows written by the schema before them.

type Journal = { entries: { idx: number; tag: string }[] };

/** A copy of the migrations folder that stops after migration `lastIdx`. */
async function migrationsUpTo(lastIdx: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "nanoschool-migrations-"));
  await cp(migrationsFolder(), dir, { recursive: true });
  const journalPath = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8")) as Journal;
  journal.entries = journal.entries.filter((e) => e.idx <= lastIdx);
  await writeFile(journalPath, JSON.stringify(journal));
  return dir;
}

let handle: DatabaseHandle;
let oldFolder: string;
beforeAll(async () => {
  handle = await openDatabase({ memory: true });
  oldFolder = await migrationsUpTo(2);
});
afterAll(async () => {
  await handle?.close();
  await rm(oldFolder, { recursive: true, force: true });
});

it("0003 gives taken hints the course of their exercise and drops those of no course", async () => {
  const db = handle.db as Parameters<typeof migrate>[0];
  await migrate(db, { migrationsFolder: oldFolder });
  for (const statement of [
    `insert into "user" (id, name, email, email_verified, created_at, updated_at) values ('ada', 'Ada', 'ada@example.test', true, now(), now())`,
    `insert into course (id, title) values ('tiny', 'Tiny')`,
    `insert into course_version (id, course_id, number, content_hash, title) values ('00000000-0000-4000-8000-000000000001', 'tiny', 1, 'h1', 'Tiny')`,
    `insert into chapter (id, course_version_id, slug, position, title) values ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', '01-counting', 0, 'Counting')`,
    `insert into exercise (course_version_id, chapter_id, key, position, title, prompt, points, starter_code, visible_tests, limits) values ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '01-counting/add', 0, 'Add', 'Add.', 10, '', '', '{"timeMs":1000,"memoryMiB":64}')`,
    `insert into hint_reveal (user_id, exercise_key, hint_index) values ('ada', '01-counting/add', 0), ('ada', '01-counting/add', 1), ('ada', 'gone/exercise', 0)`,
  ])
    await handle.db.execute(sql.raw(statement));

  await migrate(db, { migrationsFolder: migrationsFolder() });

  const rows = await queryRows<{ course_id: string; exercise_key: string; hint_index: number }>(
    handle.db,
    sql`select course_id, exercise_key, hint_index from hint_reveal order by hint_index`,
  );
  expect(rows).toEqual([
    { course_id: "tiny", exercise_key: "01-counting/add", hint_index: 0 },
    { course_id: "tiny", exercise_key: "01-counting/add", hint_index: 1 },
  ]);
});

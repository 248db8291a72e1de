// Helpers for tests and the benchmark: put an exercise folder and a student into a database, the way
// the course import and sign-up would, so the grading pipeline can be exercised end to end.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Database, type DatabaseHandle, openDatabase } from "@nanoschool/db/client";
import { readDatabaseEnv } from "@nanoschool/db/env";
import { migrateDatabase } from "@nanoschool/db/migrate";
import { chapter, course, courseVersion, exercise, exerciseSecret, user } from "@nanoschool/db/schema";
import pg from "pg";
import { type ExerciseFolder, readExerciseFolder } from "./exercise-folder.ts";

export const fixturesDir = path.join(import.meta.dirname, "fixtures");

/** The "add" fixture: a two-probe exercise needing no tensor runtime. */
export function readAddFixture(): Promise<ExerciseFolder> {
  return readExerciseFolder(path.join(fixturesDir, "add"), "00-fixtures/add");
}

/** Inserts the exercise (with a course, version and chapter of its own) and returns its row id. */
export async function insertExercise(db: Database, folder: ExerciseFolder): Promise<string> {
  const courseId = `fixture-${randomUUID().slice(0, 8)}`;
  await db.insert(course).values({ id: courseId, title: "Fixture course" });
  const [version] = await db
    .insert(courseVersion)
    .values({ courseId, number: 1, contentHash: randomUUID(), title: "Fixture course", status: "published" })
    .returning({ id: courseVersion.id });
  const [ch] = await db
    .insert(chapter)
    .values({ courseVersionId: version!.id, slug: folder.key.split("/")[0]!, position: 0, title: "Fixtures" })
    .returning({ id: chapter.id });
  const [ex] = await db
    .insert(exercise)
    .values({
      courseVersionId: version!.id,
      chapterId: ch!.id,
      key: folder.key,
      sectionId: folder.sectionId ?? null,
      position: 0,
      title: folder.title,
      prompt: folder.prompt,
      points: folder.points,
      starterCode: folder.starterCode,
      visibleTests: folder.visibleTests,
      hints: folder.hints.map((text) => ({ text })),
      limits: folder.limits,
      testWeights: Object.fromEntries(Object.entries(folder.tests).map(([name, t]) => [name, t.weight])),
      testMessages: Object.fromEntries(Object.entries(folder.tests).map(([name, t]) => [name, t.message])),
      dependsOn: folder.dependsOn,
    })
    .returning({ id: exercise.id });
  await db
    .insert(exerciseSecret)
    .values({ exerciseId: ex!.id, solutionCode: folder.solutionCode, hiddenTests: folder.hiddenTests });
  return ex!.id;
}

export async function insertStudent(db: Database): Promise<string> {
  const id = randomUUID();
  await db.insert(user).values({ id, name: "Student", email: `${id}@example.test` });
  return id;
}

/**
 * A database that child processes can open too: with DATABASE_URL a fresh database on that server (its
 * URL is the target), else a PGlite data folder in the temp dir, which only one process may hold at a
 * time: `release` closes it here before a child opens it, `reopen` takes it back.
 */
export async function openSharedTestDatabase(
  options: { url?: string | undefined } = { url: readDatabaseEnv().DATABASE_URL },
): Promise<SharedTestDatabase> {
  if (options.url) {
    const handle = await createDatabaseOn(options.url);
    const url = (handle.pool as unknown as { options: { connectionString: string } }).options
      .connectionString;
    return {
      target: url,
      handle,
      release: async () => {},
      reopen: async () => handle,
      close: () => handle.close(),
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), "nanoschool-grading-"));
  const dataDir = path.join(dir, "pglite");
  let handle = await openDatabase({ dataDir });
  await migrateDatabase(handle);
  const shared: SharedTestDatabase = {
    target: dataDir,
    handle,
    release: () => handle.close(),
    async reopen() {
      handle = await openDatabase({ dataDir });
      shared.handle = handle;
      return handle;
    },
    async close() {
      await handle.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  return shared;
}

export type SharedTestDatabase = {
  /** What a grader child is given: a postgres:// URL or a PGlite data folder. */
  target: string;
  handle: DatabaseHandle;
  release(): Promise<void>;
  reopen(): Promise<DatabaseHandle>;
  close(): Promise<void>;
};

/** A fresh, migrated database on the Postgres server at `url`, dropped on close (as createTestDatabase). */
async function createDatabaseOn(url: string): Promise<DatabaseHandle> {
  const name = `nanoschool_grading_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ url: target.toString(), maxConnections: 8 });
  await migrateDatabase(handle);
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

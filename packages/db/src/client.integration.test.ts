import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "./client.ts";
import { pingDatabase, queryRows } from "./client.ts";
import { migrateDatabase } from "./migrate.ts";
import * as s from "./schema/index.ts";
import { createTestDatabase } from "./testing.ts";

// Runs on an in-memory PGlite by default and, with DATABASE_URL set (CI), on a real Postgres:
// the same migrations and the same queries must work on both.
describe("schema and migrations", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("answers a ping", async () => {
    expect(await pingDatabase(handle.db)).toBe(true);
  });

  it("is idempotent: migrating twice changes nothing", async () => {
    await migrateDatabase(handle);
    const tables = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    expect(tables[0]?.n).toBeGreaterThanOrEqual(18);
  });

  it("stores a course version with its exercise and keeps secrets apart", async () => {
    const { db } = handle;
    await db.insert(s.user).values({ id: "u1", name: "Ada", email: "ada@example.com" });
    await db.insert(s.course).values({ id: "llm101n", title: "LLM101n" });
    const [version] = await db
      .insert(s.courseVersion)
      .values({ courseId: "llm101n", number: 1, contentHash: "abc", title: "LLM101n" })
      .returning();
    const [ch] = await db
      .insert(s.chapter)
      .values({ courseVersionId: version!.id, slug: "01-bigram", position: 1, title: "Bigram" })
      .returning();
    const [ex] = await db
      .insert(s.exercise)
      .values({
        courseVersionId: version!.id,
        chapterId: ch!.id,
        key: "01-bigram/count",
        position: 1,
        title: "Count",
        prompt: "Count bigrams",
        points: 10,
        starterCode: "export function count() {}",
        visibleTests: "test('x', () => {})",
        limits: { timeMs: 10_000, memoryMiB: 128 },
        hints: [{ text: "Use a Map" }],
      })
      .returning();
    await db.insert(s.exerciseSecret).values({ exerciseId: ex!.id, solutionCode: "sol", hiddenTests: "hid" });

    const [sub] = await db
      .insert(s.submission)
      .values({ userId: "u1", exerciseId: ex!.id, exerciseKey: ex!.key, code: "x", seed: 42 })
      .returning();
    expect(sub!.status).toBe("queued");
    await db.insert(s.submissionTestResult).values({
      submissionId: sub!.id,
      position: 0,
      name: "hidden test 1",
      visibility: "hidden",
      status: "failed",
      message: "counts differ",
    });
    const results = await db
      .select()
      .from(s.submissionTestResult)
      .where(eq(s.submissionTestResult.submissionId, sub!.id));
    expect(results.map((r) => r.status)).toEqual(["failed"]);

    // The same content hash cannot make a second version.
    await expect(
      db.insert(s.courseVersion).values({ courseId: "llm101n", number: 2, contentHash: "abc", title: "x" }),
    ).rejects.toThrow();
  });

  it("ranks curriculum chunks with the generated tsvector", async () => {
    const { db } = handle;
    const [version] = await db.select().from(s.courseVersion).limit(1);
    await db.insert(s.curriculumChunk).values([
      {
        courseVersionId: version!.id,
        courseId: "llm101n",
        chapterSlug: "01-bigram",
        lessonKey: "01-bigram",
        sectionId: "sampling",
        kind: "section",
        position: 1,
        title: "Sampling from the model",
        text: "We draw the next character from the multinomial distribution.",
      },
      {
        courseVersionId: version!.id,
        courseId: "llm101n",
        chapterSlug: "01-bigram",
        lessonKey: "01-bigram",
        sectionId: "counting",
        kind: "section",
        position: 0,
        title: "Counting bigrams",
        text: "A table of counts of character pairs.",
      },
    ]);
    const rows = await queryRows<{ section_id: string }>(
      db,
      sql`
      select section_id from curriculum_chunk
      where search_vector @@ to_tsquery('english', 'sample | multinomial')
      order by ts_rank_cd(search_vector, to_tsquery('english', 'sample | multinomial')) desc`,
    );
    expect(rows.map((r) => r.section_id)).toEqual(["sampling"]);
  });
});

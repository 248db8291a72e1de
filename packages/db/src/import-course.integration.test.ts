import { appendFile } from "node:fs/promises";
import path from "node:path";
import { loadCourse } from "@nanoschool/curriculum/load-course";
import { marker, validCourseFiles, writeCourse } from "@nanoschool/curriculum/testing";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, queryRows } from "./client.ts";
import { CourseInvalidError, importCourse, importCourseFolder } from "./import-course.ts";
import * as s from "./schema/index.ts";
import { createTestDatabase } from "./testing.ts";

describe("importCourse", () => {
  let handle: DatabaseHandle;
  let folder: { dir: string; remove(): Promise<void> };
  beforeAll(async () => {
    handle = await createTestDatabase();
    folder = await writeCourse(validCourseFiles());
  });
  afterAll(async () => {
    await handle?.close();
    await folder?.remove();
  });

  it("writes a published version 1 with every chapter, lesson, section, cell and exercise", async () => {
    const { db } = handle;
    const result = await importCourseFolder(db, folder.dir);
    expect(result).toMatchObject({ status: "created", courseId: "tiny", versionNumber: 1 });
    expect(result.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const [courseRow] = await db.select().from(s.course).where(eq(s.course.id, "tiny"));
    expect(courseRow).toMatchObject({ title: "Tiny: a test course", publishedVersionId: result.versionId });
    const [version] = await db.select().from(s.courseVersion).where(eq(s.courseVersion.id, result.versionId));
    expect(version).toMatchObject({ status: "published", number: 1, contentHash: result.contentHash });
    expect(version?.publishedAt).toBeInstanceOf(Date);

    const chapters = await db.select().from(s.chapter).orderBy(asc(s.chapter.position));
    expect(chapters.map((c) => [c.slug, c.title, c.position])).toEqual([
      ["01-counting", "Counting", 0],
      ["02-building", "Sums of doubles", 1],
    ]);
    const [lesson] = await db.select().from(s.lesson).where(eq(s.lesson.key, "01-counting"));
    expect(lesson?.source).toContain("## Adding numbers {#adding}");
    expect(lesson?.frontMatter).toEqual({
      title: "Counting",
      summary: "Count things and add them up.",
      estimatedMinutes: 20,
    });

    const sections = await db
      .select()
      .from(s.lessonSection)
      .where(eq(s.lessonSection.lessonId, lesson!.id))
      .orderBy(asc(s.lessonSection.position));
    expect(sections.map((x) => x.sectionId)).toEqual(["intro", "adding", "doubling"]);

    const cells = await db
      .select()
      .from(s.cell)
      .where(eq(s.cell.lessonId, lesson!.id))
      .orderBy(asc(s.cell.position));
    expect(cells.map((c) => [c.key, c.kind, c.sectionId, c.timeLimitMs])).toEqual([
      ["01-counting#first-sum", "runnable", "adding", 10_000],
      ["01-counting#adding-2", "runnable", "adding", 5000],
      ["01-counting#doubling-static-1", "static", "doubling", 10_000],
    ]);

    const exercises = await db.select().from(s.exercise).orderBy(asc(s.exercise.key));
    expect(exercises.map((e) => e.key)).toEqual([
      "01-counting/add",
      "01-counting/double",
      "02-building/sum-doubles",
    ]);
    const add = exercises[0]!;
    expect(add).toMatchObject({
      sectionId: "adding",
      points: 10,
      limits: { timeMs: 5000, memoryMiB: 64 },
      testWeights: { "adds two numbers": 1, "adds zero": 1 },
      testMessages: { "adds two numbers": "Check adds two numbers.", "adds zero": "Check adds zero." },
      dependsOn: [],
    });
    expect(add.hints).toHaveLength(3);
    expect(add.starterCode).toContain('throw new Error("TODO: add a and b")');
    expect(exercises[2]!.dependsOn).toEqual(["01-counting/add", "01-counting/double"]);

    const [secret] = await db.select().from(s.exerciseSecret).where(eq(s.exerciseSecret.exerciseId, add.id));
    expect(secret?.solutionCode).toContain("return a + b;");
    expect(secret?.hiddenTests).toContain('probe("adds zero"');
  });

  it("keeps solutions and hidden tests only in exercise_secret: the marker is nowhere else", async () => {
    // Every text column of every table but exercise_secret, searched for the marker the fixture puts
    // into each solution and hidden test.
    const columns = await queryRows<{ table_name: string; column_name: string }>(
      handle.db,
      sql`select table_name, column_name from information_schema.columns
          where table_schema = 'public' and data_type in ('text', 'jsonb') and table_name <> 'exercise_secret'`,
    );
    expect(columns.length).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const { table_name, column_name } of columns) {
      const rows = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text like ${`%${marker.secret}%`}`,
      );
      if ((rows[0]?.n ?? 0) > 0) hits.push(`${table_name}.${column_name}`);
    }
    expect(hits).toEqual([]);
    const secrets = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from exercise_secret where solution_code like ${`%${marker.secret}%`} and hidden_tests like ${`%${marker.secret}%`}`,
    );
    expect(secrets[0]?.n).toBe(3);
  });

  it("writes one retrieval chunk per lesson section and per exercise prompt", async () => {
    const chunks = await handle.db.select().from(s.curriculumChunk).orderBy(asc(s.curriculumChunk.position));
    expect(
      chunks.map((c) => [c.kind, c.chapterSlug, c.lessonKey, c.sectionId, c.exerciseKey, c.title]),
    ).toEqual([
      ["section", "01-counting", "01-counting", "intro", null, "Counting"],
      ["section", "01-counting", "01-counting", "adding", null, "Adding numbers"],
      ["section", "01-counting", "01-counting", "doubling", null, "Doubling"],
      ["exercise", "01-counting", "01-counting", "adding", "01-counting/add", "Exercise add"],
      ["exercise", "01-counting", "01-counting", "doubling", "01-counting/double", "Exercise double"],
      ["section", "02-building", "02-building", "sum-of-doubles", null, "Sum of doubles"],
      [
        "exercise",
        "02-building",
        "02-building",
        "sum-of-doubles",
        "02-building/sum-doubles",
        "Exercise sum-doubles",
      ],
    ]);
    expect(chunks.every((c) => c.courseId === "tiny")).toBe(true);
    expect(chunks[1]!.text).toContain("Addition is $a + b$");
    expect(chunks[3]!.text).toBe("Implement the function of exercise add.");
    // The generated search vector makes the chunks findable by full-text search.
    const found = await queryRows<{ section_id: string }>(
      handle.db,
      sql`select section_id from curriculum_chunk where search_vector @@ plainto_tsquery('english', 'addition')`,
    );
    expect(found.map((r) => r.section_id)).toEqual(["adding"]);
  });

  it("makes no new version for the same content, and version 2 when a file changes", async () => {
    const { db } = handle;
    const again = await importCourseFolder(db, folder.dir);
    expect(again.status).toBe("unchanged");
    expect(again.versionNumber).toBe(1);
    expect(await db.select().from(s.courseVersion)).toHaveLength(1);

    await appendFile(path.join(folder.dir, "02-building/lesson.md"), "\nOne more sentence.\n");
    const changed = await importCourseFolder(db, folder.dir);
    expect(changed).toMatchObject({ status: "created", versionNumber: 2 });
    expect(changed.contentHash).not.toBe(again.contentHash);
    const versions = await db.select().from(s.courseVersion).orderBy(asc(s.courseVersion.number));
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [1, "retired"],
      [2, "published"],
    ]);
    const [courseRow] = await db.select().from(s.course);
    expect(courseRow?.publishedVersionId).toBe(changed.versionId);
    // Version 1's rows are untouched: each version holds its own copy.
    expect(await db.select().from(s.exercise)).toHaveLength(6);
  });

  it("refuses a course with problems and writes nothing", async () => {
    const files = validCourseFiles();
    files["course.yaml"] = files["course.yaml"]!.replace("id: tiny", "id: broken");
    files["01-counting/exercises/add/exercise.yaml"] = files[
      "01-counting/exercises/add/exercise.yaml"
    ]!.replace("hints:", "hint:");
    const broken = await writeCourse(files);
    try {
      const error = await importCourseFolder(handle.db, broken.dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CourseInvalidError);
      expect((error as CourseInvalidError).message).toMatch(
        /exercise\.yaml:7: exercise\.yaml: unknown field "hint"/,
      );
      expect(await handle.db.select().from(s.course).where(eq(s.course.id, "broken"))).toEqual([]);
    } finally {
      await broken.remove();
    }
  });

  it("rolls the whole import back when a write fails half-way", async () => {
    const files = validCourseFiles();
    files["course.yaml"] = files["course.yaml"]!.replace("id: tiny", "id: half");
    const other = await writeCourse(files);
    try {
      const { course } = await loadCourse(other.dir);
      // Two exercises with the same key break the exercise_key_uq constraint after the course,
      // version, chapters and lessons are written.
      const first = course!.chapters[0]!;
      first.exercises.push({ ...first.exercises[0]! });
      await expect(importCourse(handle.db, course!)).rejects.toThrow();
      expect(await handle.db.select().from(s.course).where(eq(s.course.id, "half"))).toEqual([]);
      expect(
        await handle.db.select().from(s.courseVersion).where(eq(s.courseVersion.courseId, "half")),
      ).toEqual([]);
    } finally {
      await other.remove();
    }
  });
});

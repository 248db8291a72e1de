import { validCourseFiles, writeCourse } from "@nanoschool/curriculum/testing";
import { importCourseFolder } from "@nanoschool/db/import-course";
import { course, courseVersion, hintReveal, lessonProgress, user } from "@nanoschool/db/schema";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CODE_BYTES } from "../learn/code-size.ts";
import { fixtureCourseId as courseId, createLearnFixture, type LearnFixture } from "../learn/test-fixture.ts";

// Catalog, lesson, progress, saved code and hints, through createCaller on the imported fixture course
// ("tiny": 01-counting with sections intro/adding/doubling and exercises add/double, 02-building).

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    return { code: `not a TRPCError: ${String(error)}`, message: "" };
  }
  return { code: "OK", message: "" };
}

let f: LearnFixture;
beforeAll(async () => {
  f = await createLearnFixture();
});
afterAll(() => f?.close());

describe("catalog", () => {
  it("lists published courses with chapters in order, without progress when signed out", async () => {
    const [tiny, ...rest] = await f.caller(null).catalog.list();
    expect(rest).toEqual([]);
    expect(tiny).toMatchObject({
      id: courseId,
      title: "Tiny: a test course",
      versionNumber: 1,
      progress: null,
    });
    expect(
      tiny!.chapters.map((c) => [c.slug, c.lessonKey, c.sectionCount, c.exerciseCount, c.progress]),
    ).toEqual([
      ["01-counting", "01-counting", 3, 2, null],
      ["02-building", "02-building", 1, 1, null],
    ]);
  });

  it("gives a signed-in student their progress per chapter and the next step", async () => {
    const [tiny] = await f.caller(f.students.bob).catalog.list();
    expect(tiny!.chapters[0]!.progress).toEqual({
      sectionsRead: 0,
      sectionsTotal: 3,
      exercisesPassed: 0,
      exercisesTotal: 2,
      score: 0,
      maxScore: 20,
      lessonRead: false,
    });
    expect(tiny!.progress?.next).toEqual({
      kind: "section",
      courseId,
      lessonKey: "01-counting",
      sectionId: "intro",
      title: expect.any(String),
    });
    expect((await f.caller(f.students.bob).catalog.course({ courseId })).id).toBe(courseId);
  });

  it("shows only published versions: a course with a draft alone is neither listed nor readable", async () => {
    await f.handle.db.insert(course).values({ id: "drafty", title: "Drafty" });
    await f.handle.db
      .insert(courseVersion)
      .values({ courseId: "drafty", number: 1, contentHash: "h", title: "Drafty", status: "draft" });
    expect((await f.caller(null).catalog.list()).map((c) => c.id)).toEqual([courseId]);
    expect((await failure(f.caller(null).catalog.course({ courseId: "drafty" }))).code).toBe("NOT_FOUND");
    expect(
      (await failure(f.caller(null).learn.lesson({ courseId: "drafty", lessonKey: "01-counting" }))).code,
    ).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND with a message for an unknown course", async () => {
    const result = await failure(f.caller(null).catalog.course({ courseId: "nope" }));
    expect(result.code).toBe("NOT_FOUND");
    expect(result.message).toContain('no course "nope"');
  });
});

describe("learn.lesson", () => {
  it("returns the lesson's text, sections, cells and public exercise fields", async () => {
    const page = await f.caller(null).learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(page.lesson).toMatchObject({ key: "01-counting", title: "Counting" });
    expect(page.lesson.source).toContain("## Adding numbers {#adding}");
    expect(page.sections.map((s) => s.id)).toEqual(["intro", "adding", "doubling"]);
    expect(page.cells.map((c) => [c.key, c.sectionId, c.kind, c.timeLimitMs, c.savedCode])).toEqual([
      ["01-counting#first-sum", "adding", "runnable", 10_000, null],
      ["01-counting#adding-2", "adding", "runnable", 5000, null],
      ["01-counting#doubling-static-1", "doubling", "static", 10_000, null],
    ]);
    const add = page.exercises.find((e) => e.key === "01-counting/add")!;
    expect(add).toMatchObject({
      title: "Exercise add",
      sectionId: "adding",
      points: 10,
      hintCount: 3,
      revealedHints: [],
      limits: { timeMs: 5000, memoryMiB: 64 },
      passed: false,
      bestScore: null,
    });
    expect(add.starterCode).toContain("TODO: add a and b");
    expect(add.visibleTests).toContain('test("adds 1 and 2"');
    expect(Object.keys(add).sort()).toEqual(
      [
        "bestScore",
        "dependsOn",
        "hintCount",
        "key",
        "limits",
        "passed",
        "points",
        "position",
        "prompt",
        "revealedHints",
        "savedCode",
        "sectionId",
        "starterCode",
        "title",
        "visibleTests",
      ].sort(),
    );
    expect(page.previousLesson).toBeNull();
    expect(page.nextLesson).toEqual({ key: "02-building", title: "Sums of doubles" });
  });

  it("answers NOT_FOUND with a message for an unknown lesson or course, and BAD_REQUEST for a malformed key", async () => {
    const lesson = await failure(f.caller(null).learn.lesson({ courseId, lessonKey: "99-nothing" }));
    expect(lesson).toEqual({ code: "NOT_FOUND", message: expect.stringContaining('no lesson "99-nothing"') });
    const course = await failure(f.caller(null).learn.lesson({ courseId: "nope", lessonKey: "01-counting" }));
    expect(course.code).toBe("NOT_FOUND");
    expect((await failure(f.caller(null).learn.lesson({ courseId, lessonKey: "../etc" }))).code).toBe(
      "BAD_REQUEST",
    );
  });
});

describe("progress", () => {
  it("marks sections read (idempotently), completes the lesson and moves the next step on", async () => {
    const ada = f.caller(f.students.ada);
    expect(
      await ada.progress.markSectionRead({ courseId, lessonKey: "01-counting", sectionId: "adding" }),
    ).toEqual({ sectionsRead: ["adding"], lessonRead: false });
    await ada.progress.markSectionRead({ courseId, lessonKey: "01-counting", sectionId: "adding" });
    await ada.progress.markSectionRead({ courseId, lessonKey: "01-counting", sectionId: "intro" });
    let dash = await ada.progress.dashboard();
    expect(dash.courses[0]!.totals).toMatchObject({ sectionsRead: 2, sectionsTotal: 4, lessonsRead: 0 });
    // intro read, and the exercise placed in "adding" comes right after the "adding" section.
    expect(dash.courses[0]!.next).toMatchObject({ kind: "exercise", exerciseKey: "01-counting/add" });

    const last = await ada.progress.markSectionRead({
      courseId,
      lessonKey: "01-counting",
      sectionId: "doubling",
    });
    expect(last).toEqual({ sectionsRead: ["intro", "adding", "doubling"], lessonRead: true });
    const [row] = await f.handle.db
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.userId, "ada"), eq(lessonProgress.lessonKey, "01-counting")));
    expect(row?.completedAt).toBeInstanceOf(Date);
    dash = await ada.progress.dashboard();
    expect(dash.courses[0]!.totals.lessonsRead).toBe(1);
    expect(dash.courses[0]!.chapters.map((c) => c.lessonRead)).toEqual([true, false]);

    const page = await ada.learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(page.sectionsRead.sort()).toEqual(["adding", "doubling", "intro"]);
    expect(page.sections.every((s) => s.read)).toBe(true);
    // Another student's progress is their own.
    const bobs = await f.caller(f.students.bob).learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(bobs.sectionsRead).toEqual([]);
  });

  it("keeps every section when several are marked at once (two tabs, a fast scroll)", async () => {
    const dan = { id: "dan", name: "Dan", email: "dan@example.test", role: "student" as const };
    await f.handle.db.insert(user).values(dan);
    const caller = f.caller(dan);
    await Promise.all(
      ["intro", "adding", "doubling"].map((sectionId) =>
        caller.progress.markSectionRead({ courseId, lessonKey: "01-counting", sectionId }),
      ),
    );
    const page = await caller.learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(page.sectionsRead.sort()).toEqual(["adding", "doubling", "intro"]);
  });

  it("refuses an unknown section and a signed-out caller", async () => {
    const result = await failure(
      f
        .caller(f.students.ada)
        .progress.markSectionRead({ courseId, lessonKey: "01-counting", sectionId: "nowhere" }),
    );
    expect(result).toEqual({
      code: "NOT_FOUND",
      message: expect.stringContaining("intro, adding, doubling"),
    });
    expect((await failure(f.caller(null).progress.dashboard())).code).toBe("UNAUTHORIZED");
  });
});

describe("savedCode", () => {
  it("saves cell and exercise edits, which the lesson returns to the same student only", async () => {
    const ada = f.caller(f.students.ada);
    await ada.savedCode.save({ courseId, key: "cell:01-counting#first-sum", code: "print(41 + 1);" });
    await ada.savedCode.save({ courseId, key: "cell:01-counting#first-sum", code: "print(42);" });
    await ada.savedCode.save({ courseId, key: "exercise:01-counting/add", code: "export const add = 1;" });
    const page = await ada.learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(page.cells[0]!.savedCode).toBe("print(42);");
    expect(page.exercises.find((e) => e.key === "01-counting/add")!.savedCode).toBe("export const add = 1;");
    const bobs = await f.caller(f.students.bob).learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(bobs.cells[0]!.savedCode).toBeNull();

    expect(await ada.savedCode.clear({ courseId, key: "cell:01-counting#first-sum" })).toEqual({
      cleared: true,
    });
    expect((await ada.learn.lesson({ courseId, lessonKey: "01-counting" })).cells[0]!.savedCode).toBeNull();
  });

  it("refuses code over the size limit with a message saying the sizes, and unknown targets", async () => {
    const ada = f.caller(f.students.ada);
    const big = "x".repeat(MAX_CODE_BYTES + 1);
    const result = await failure(
      ada.savedCode.save({ courseId, key: "cell:01-counting#first-sum", code: big }),
    );
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(/101 KB; the limit is 100 KB/);
    // Exactly at the limit is fine.
    await ada.savedCode.save({
      courseId,
      key: "cell:01-counting#first-sum",
      code: "y".repeat(MAX_CODE_BYTES),
    });
    expect(
      (await failure(ada.savedCode.save({ courseId, key: "cell:01-counting#nope", code: "" }))).code,
    ).toBe("NOT_FOUND");
    expect((await failure(ada.savedCode.save({ courseId, key: "anything", code: "" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await failure(f.caller(null).savedCode.save({ courseId, key: "cell:x", code: "" }))).code).toBe(
      "UNAUTHORIZED",
    );
  });
});

describe("hints", () => {
  const exerciseKey = "01-counting/double";

  it("reveals hints one at a time, in order, and records each once", async () => {
    const bob = f.caller(f.students.bob);
    const skip = await failure(bob.hints.reveal({ courseId, exerciseKey, index: 1 }));
    expect(skip).toEqual({
      code: "BAD_REQUEST",
      message: "Hints come one at a time: take hint 0 before hint 1.",
    });

    expect(await bob.hints.reveal({ courseId, exerciseKey, index: 0 })).toMatchObject({
      index: 0,
      text: "Read the prompt again.",
      total: 3,
    });
    // Asking again returns the same hint and records nothing new.
    await bob.hints.reveal({ courseId, exerciseKey, index: 0 });
    await bob.hints.reveal({ courseId, exerciseKey, index: 1 });
    const rows = await f.handle.db.select().from(hintReveal).where(eq(hintReveal.userId, "bob"));
    expect(rows.map((r) => [r.exerciseKey, r.hintIndex]).sort()).toEqual([
      [exerciseKey, 0],
      [exerciseKey, 1],
    ]);

    const listed = await bob.hints.list({ courseId, exerciseKey });
    expect(listed.total).toBe(3);
    expect(listed.revealed.map((h) => [h.index, h.text])).toEqual([
      [0, "Read the prompt again."],
      [1, "Think about one number first."],
    ]);
    const page = await bob.learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(page.exercises.find((e) => e.key === exerciseKey)!.revealedHints.map((h) => h.index)).toEqual([
      0, 1,
    ]);
    // Ada took none.
    expect((await f.caller(f.students.ada).hints.list({ courseId, exerciseKey })).revealed).toEqual([]);
  });

  it("refuses a hint past the last one and an unknown exercise", async () => {
    const bob = f.caller(f.students.bob);
    const past = await failure(bob.hints.reveal({ courseId, exerciseKey, index: 3 }));
    expect(past).toEqual({ code: "NOT_FOUND", message: expect.stringContaining("has 3 hints") });
    expect(
      (await failure(bob.hints.reveal({ courseId, exerciseKey: "01-counting/none", index: 0 }))).code,
    ).toBe("NOT_FOUND");
    expect((await failure(bob.hints.reveal({ courseId, exerciseKey, index: -1 }))).code).toBe("BAD_REQUEST");
  });
});

// Last: it publishes a version 2 of the fixture course.
describe("a new published version", () => {
  it("is what students see next, and their progress, saved code and hints carry over by stable keys", async () => {
    const files = validCourseFiles();
    files["01-counting/lesson.md"] = files["01-counting/lesson.md"]!.replace(
      "title: Counting",
      "title: Counting, v2",
    );
    const folder = await writeCourse(files);
    try {
      expect((await importCourseFolder(f.handle.db, folder.dir)).versionNumber).toBe(2);
    } finally {
      await folder.remove();
    }
    const ada = f.caller(f.students.ada);
    const page = await ada.learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(page.course.versionNumber).toBe(2);
    expect(page.lesson.title).toBe("Counting, v2");
    expect(page.sectionsRead.sort()).toEqual(["adding", "doubling", "intro"]);
    expect(page.exercises.find((e) => e.key === "01-counting/add")!.savedCode).toBe("export const add = 1;");
    const bobs = await f.caller(f.students.bob).learn.lesson({ courseId, lessonKey: "01-counting" });
    expect(bobs.exercises.find((e) => e.key === "01-counting/double")!.revealedHints).toHaveLength(2);
  });
});

import { validCourseFiles, writeCourse } from "@nanoschool/curriculum/testing";
import { importCourseFolder } from "@nanoschool/db/import-course";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLearnFixture, fixtureCourseId, type LearnFixture } from "./test-fixture.ts";

// Exercise keys are unique within a course only: a hint taken in one course must not show as taken
// in another course that has an exercise of the same key.

let f: LearnFixture;
beforeAll(async () => {
  f = await createLearnFixture();
  const files = validCourseFiles();
  files["course.yaml"] = files["course.yaml"]!.replace("id: tiny", "id: twin");
  const folder = await writeCourse(files);
  try {
    await importCourseFolder(f.handle.db, folder.dir);
  } finally {
    await folder.remove();
  }
});
afterAll(() => f?.close());

it("keeps taken hints apart between courses that share an exercise key", async () => {
  const bob = f.caller(f.students.bob);
  const exerciseKey = "01-counting/add";
  await bob.hints.reveal({ courseId: fixtureCourseId, exerciseKey, index: 0 });
  await bob.hints.reveal({ courseId: fixtureCourseId, exerciseKey, index: 1 });

  expect((await bob.hints.list({ courseId: fixtureCourseId, exerciseKey })).revealed).toHaveLength(2);
  expect((await bob.hints.list({ courseId: "twin", exerciseKey })).revealed).toEqual([]);
  const twinPage = await bob.learn.lesson({ courseId: "twin", lessonKey: "01-counting" });
  expect(twinPage.exercises.find((e) => e.key === exerciseKey)!.revealedHints).toEqual([]);
  // In the second course the ladder starts again at hint 0.
  await expect(bob.hints.reveal({ courseId: "twin", exerciseKey, index: 1 })).rejects.toThrow(
    "take hint 0 before hint 1",
  );
  expect(await bob.hints.reveal({ courseId: "twin", exerciseKey, index: 0 })).toMatchObject({ index: 0 });
});

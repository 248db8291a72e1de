import { marker, validCourseFiles, writeCourse } from "@nanoschool/curriculum/testing";
import type { DatabaseHandle } from "@nanoschool/db/client";
import { importCourseFolder } from "@nanoschool/db/import-course";
import { curriculumChunk } from "@nanoschool/db/schema";
import { createTestDatabase } from "@nanoschool/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTutorEnv } from "./env.ts";
import { createChatModel } from "./llm.ts";
import { retrieveChunks } from "./retrieval.ts";
import { type FakeOpenAI, startFakeOpenAI } from "./testing/fake-openai.ts";
import { addStudent } from "./testing/fixture-course.ts";
import { askTutor, type TutorDeps } from "./tutor.ts";

// The tutor on a course that went through the real import (packages/db importCourseFolder), whose
// solutions and hidden tests carry a marker string.

let handle: DatabaseHandle;
let folder: { dir: string; remove(): Promise<void> };
let versionId: string;
let fake: FakeOpenAI;
let deps: TutorDeps;

beforeAll(async () => {
  handle = await createTestDatabase();
  folder = await writeCourse(validCourseFiles());
  versionId = (await importCourseFolder(handle.db, folder.dir)).versionId;
  fake = await startFakeOpenAI();
  const env = readTutorEnv({ OPENAI_BASE_URL: fake.url, TUTOR_MODEL: "fake-model" });
  deps = { db: handle.db, env, chatModel: createChatModel(env) };
  await addStudent(handle.db, "imported-student");
});
afterAll(async () => {
  await fake?.close();
  await handle?.close();
  await folder?.remove();
});

describe("on an imported course", () => {
  it("retrieves the imported sections, and no chunk holds a solution or hidden test", async () => {
    const chunks = await retrieveChunks(handle.db, {
      courseVersionId: versionId,
      question: "how do I add numbers?",
    });
    expect(chunks[0]).toMatchObject({ lessonKey: "01-counting", sectionId: "adding" });
    const all = await handle.db.select().from(curriculumChunk);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((c) => c.text.includes(marker.secret) || c.title.includes(marker.secret))).toEqual([]);
  });

  it("sends no solution or hidden test to the model, and stops the model's copy of one", async () => {
    const solution = validCourseFiles()["02-building/exercises/sum-doubles/solution.ts"]!;
    fake.behave({ kind: "reply", text: `Here you go:\n${solution}` });
    const answer = await askTutor(deps, {
      userId: "imported-student",
      courseId: "tiny",
      exerciseKey: "02-building/sum-doubles",
      messages: [{ role: "user", content: "What do I still need in sumDoubles?" }],
    });
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(fake.requests[0]!.body)).not.toContain(marker.secret);
    expect(answer.answer).not.toContain(marker.secret);
    expect(answer.answer).not.toContain("add(double(a), double(b))");
    expect(answer.answer).toMatch(/Hint 1 of \d+/);
  });
});

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { courseDataFromFiles, defaultCurriculumDir } from "./course-data.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "course-data-"));
  await mkdir(path.join(dir, "demo", "data", "scripts"), { recursive: true });
  await writeFile(path.join(dir, "demo", "data", "names.txt"), "emma\nolivia\n");
  await writeFile(path.join(dir, "demo", "data", "README.md"), "source and licence");
  await writeFile(path.join(dir, "secret.txt"), "outside");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("courseDataFromFiles", () => {
  it("reads every data file but the README, by name without extension, once per course", async () => {
    const load = courseDataFromFiles(dir);
    const data = await load("demo");
    expect(data).toEqual({ names: "emma\nolivia\n" });
    expect(await load("demo")).toBe(data);
  });

  it("gives an empty set to a course without data and refuses ids that are not slugs", async () => {
    const load = courseDataFromFiles(dir);
    expect(await load("fixture-1234")).toEqual({});
    expect(await load("../demo")).toEqual({});
  });

  it("finds the repository's own course from any folder inside it", async () => {
    expect(defaultCurriculumDir(import.meta.dirname)).toBe(defaultCurriculumDir());
    expect(defaultCurriculumDir(tmpdir())).toBeUndefined();
    const data = await courseDataFromFiles()("llm101n");
    expect(data.names?.split("\n").length).toBeGreaterThan(100);
  });
});

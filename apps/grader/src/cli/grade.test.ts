import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fixturesDir } from "@nanoschool/grading/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = path.join(import.meta.dirname, "grade.ts");
let root: string;

// A one-exercise course around the grading package's "add" fixture, laid out as curriculum/ is.
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "nanoschool-grade-cli-"));
  const chapter = path.join(root, "fixture", "00-fixtures");
  await mkdir(path.join(chapter, "exercises"), { recursive: true });
  await cp(path.join(fixturesDir, "add"), path.join(chapter, "exercises", "add"), { recursive: true });
  await writeFile(
    path.join(root, "fixture", "course.yaml"),
    'id: fixture\ntitle: "Fixture"\nsummary: "One exercise."\nchapters: [00-fixtures]\n',
  );
  await writeFile(
    path.join(chapter, "lesson.md"),
    "---\ntitle: Fixtures\nsummary: An exercise to grade.\n---\nAdd two numbers.\n\n::exercise{id=add}\n",
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function grade(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--no-warnings", cli, "--root", root, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run grade", () => {
  it("prints per-test JSON with the hidden tests and exits 0 for a wrong answer", async () => {
    const result = await grade(
      "--exercise",
      "fixture/00-fixtures/add",
      "--file",
      path.join(fixturesDir, "add", "starter.ts"),
      "--hidden",
      "--json",
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ status: "failed", score: 0, maxScore: 10 });
    expect(report.tests.map((t: { visibility: string; status: string }) => [t.visibility, t.status])).toEqual(
      [
        ["visible", "error"], // the starter throws "TODO"
        ["hidden", "error"],
        ["hidden", "error"],
      ],
    );
    expect(report.tests[1].message).toBe("Check that add returns the sum of two small integers.");
  });

  it("grades the reference solution as passing", async () => {
    const result = await grade(
      "--exercise",
      "fixture/00-fixtures/add",
      "--file",
      path.join(fixturesDir, "add", "solution.ts"),
      "--hidden",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("fixture/00-fixtures/add: passed, 10/10");
  });

  it("exits 2 with the usage line on bad arguments", async () => {
    for (const args of [
      ["--exercise", "fixture/add", "--file", "x.ts"],
      ["--file", "x.ts"],
      ["--exercise", "fixture/00-fixtures/add", "--file", "x.ts", "--bogus"],
      ["--exercise", "fixture/00-fixtures/nope", "--file", path.join(fixturesDir, "add", "solution.ts")],
    ]) {
      const result = await grade(...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("usage: npm run grade --");
    }
  });
});

import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readCourseData } from "./course-data.ts";
import type { CourseSandbox } from "./course-sandbox.ts";
import { loadCourse } from "./load-course.ts";
import { createServerCourseSandbox } from "./server-course-sandbox.ts";
import { type CourseFiles, validCourseFiles, writeCourse } from "./testing/fixture-course.ts";
import { validateCourse } from "./validate-course.ts";

// validateCourse on the real server sandbox (isolated-vm children): the fixture course must prove
// clean, and each kind of broken course must be caught by actually running its code.
describe("validateCourse on the server sandbox", () => {
  let sandbox: CourseSandbox;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    const { dir, remove } = await writeCourse(validCourseFiles());
    cleanups.push(remove);
    sandbox = await createServerCourseSandbox({ courseDir: dir, size: 1 });
  });
  afterAll(async () => {
    await sandbox?.close?.();
    await Promise.all(cleanups.map((remove) => remove()));
  });

  async function check(change: (files: CourseFiles) => void = () => {}) {
    const files = validCourseFiles();
    change(files);
    const { dir, remove } = await writeCourse(files);
    cleanups.push(remove);
    const { course, problems } = await loadCourse(dir);
    expect(problems).toEqual([]);
    const found = await validateCourse(course!, sandbox);
    return found.map((p) => `${path.relative(dir, p.file)}:${p.line}: ${p.message}`);
  }

  test("the fixture course runs clean: cells share state, solutions pass, starters fail", async () => {
    expect(await check()).toEqual([]);
  });

  test("a cell below an exercise runs on its reference solution, never on the starter", async () => {
    const useAdd = (files: CourseFiles) => {
      files["01-counting/lesson.md"] = files["01-counting/lesson.md"]!.replace(
        "## Doubling {#doubling}",
        '```ts run id=uses-add\nconst { add } = await useExercise("add");\nif (add(2, 3) !== 5) throw new Error("not the reference");\n```\n\n## Doubling {#doubling}',
      );
    };
    expect(await check(useAdd)).toEqual([]);
    const problems = await check((f) => {
      useAdd(f);
      f["01-counting/exercises/add/solution.ts"] = f["01-counting/exercises/add/starter.ts"];
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^01-counting\/lesson\.md:\d+: cell "uses-add" failed: Error: This cell uses the reference add of the exercise "Exercise add" above: .*TODO: add a and b/,
      ),
    );
  });

  test("catches a cell that throws, a solution that fails, and a starter that passes", async () => {
    const problems = await check((f) => {
      f["01-counting/lesson.md"] = f["01-counting/lesson.md"]!.replace(
        "print(total);",
        'print(total);\nthrow new Error("cell broke");',
      );
      f["01-counting/exercises/add/solution.ts"] = f["01-counting/exercises/add/solution.ts"]!.replace(
        "a + b",
        "a - b",
      );
      f["01-counting/exercises/double/starter.ts"] = f["01-counting/exercises/double/solution.ts"];
    });
    expect(problems).toContainEqual(
      expect.stringMatching(/^01-counting\/lesson\.md:22: cell "adding-2" failed: .*cell broke/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^01-counting\/exercises\/add\/visible\.test\.ts:3: the solution fails visible test "adds 1 and 2"/,
      ),
    );
    expect(problems).toContain(
      "01-counting/exercises/double/starter.ts:1: starter passes every hidden test: leave the starter wrong or incomplete, or add a probe it fails",
    );
  });

  test("catches a probe that throws on the reference", async () => {
    const problems = await check((f) => {
      f["01-counting/exercises/double/hidden.test.ts"] = f[
        "01-counting/exercises/double/hidden.test.ts"
      ]!.replace("run: ({ a, b }) => double(a),", 'run: ({ a }) => [double(a), JSON.parse("probe broke")],');
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^01-counting\/exercises\/double\/hidden\.test\.ts:4: probe "doubles" fails with the reference solution: .*JSON/,
      ),
    );
  });

  test("reads the course's data sets for loadData, leaving the README out", async () => {
    const { dir, remove } = await writeCourse({
      "data/README.md": "about",
      "data/names.txt": "emma\nolivia\n",
    });
    cleanups.push(remove);
    expect(await readCourseData(dir)).toEqual({ names: "emma\nolivia\n" });
  });
});

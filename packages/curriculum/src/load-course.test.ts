import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { loadCourse } from "./load-course.ts";
import { allExercises, runnableCells } from "./model.ts";
import { type CourseFiles, validCourseFiles, writeCourse } from "./testing/fixture-course.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

async function load(change: (files: CourseFiles) => void = () => {}) {
  const files = validCourseFiles();
  change(files);
  const { dir, remove } = await writeCourse(files);
  cleanups.push(remove);
  const result = await loadCourse(dir);
  const problems = result.problems.map((p) => `${path.relative(dir, p.file)}:${p.line}: ${p.message}`);
  return { ...result, problems, dir };
}

const edit = (files: CourseFiles, file: string, from: string | RegExp, to: string) => {
  const text = files[file];
  if (text === undefined) throw new Error(`fixture has no ${file}`);
  const next = text.replace(from, () => to); // a function: `$$` in `to` stays `$$`
  if (next === text) throw new Error(`fixture edit found nothing to replace in ${file}`);
  files[file] = next;
};

describe("loadCourse on a valid course", () => {
  test("reports no problem and builds the whole model", async () => {
    const { course, problems } = await load();
    expect(problems).toEqual([]);
    expect(course?.id).toBe("tiny");
    expect(course?.chapters.map((c) => [c.slug, c.title, c.position])).toEqual([
      ["01-counting", "Counting", 0],
      ["02-building", "Sums of doubles", 1],
    ]);
    const lesson = course!.chapters[0]!.lesson;
    expect(lesson.estimatedMinutes).toBe(20);
    expect(lesson.sections.map((s) => [s.id, s.title, s.line])).toEqual([
      ["intro", "Counting", 6],
      ["adding", "Adding numbers", 8],
      ["doubling", "Doubling", 26],
    ]);
    expect(lesson.sections[1]!.body).toContain("Addition is $a + b$");
    expect(lesson.sections[1]!.body).not.toContain("## Adding");
  });

  test("gives cells ids, time limits and lines, and keeps asides and placements in order", async () => {
    const { course } = await load();
    const lesson = course!.chapters[0]!.lesson;
    expect(runnableCells(lesson).map((c) => [c.id, c.sectionId, c.timeoutMs, c.line, c.codeLine])).toEqual([
      ["first-sum", "adding", 10_000, 11, 12],
      ["adding-2", "adding", 5000, 19, 20],
    ]);
    expect(runnableCells(lesson)[0]!.code).toBe(
      "const xs = [1, 2, 3];\nprint(xs.reduce((a, b) => a + b, 0));\n",
    );
    expect(lesson.sections[1]!.elements.map((e) => e.kind)).toEqual([
      "runnable",
      "aside",
      "runnable",
      "exercise",
    ]);
    const doubling = lesson.sections[2]!.elements;
    expect(doubling.map((e) => e.kind)).toEqual(["static", "aside", "exercise"]);
    expect(doubling[1]).toMatchObject({
      aside: "try",
      text: "Change the numbers and run the cell again.",
      line: 32,
    });
    expect(doubling[0]).toMatchObject({ id: "doubling-static-1", lang: "ts" });
  });

  test("reads exercises with defaults, probes and course order", async () => {
    const { course } = await load();
    const exercises = allExercises(course!);
    expect(exercises.map((e) => [e.key, e.position, e.sectionId])).toEqual([
      ["01-counting/add", 0, "adding"],
      ["01-counting/double", 1, "doubling"],
      ["02-building/sum-doubles", 0, "sum-of-doubles"],
    ]);
    const add = exercises[0]!;
    expect(add.limits).toEqual({ timeMs: 5000, memoryMiB: 64 });
    expect(add.hints).toHaveLength(3);
    expect(add.tests["adds zero"]).toEqual({ weight: 1, message: "Check adds zero." });
    expect(add.probes.map((p) => p.name)).toEqual(["adds two numbers", "adds zero"]);
    expect(exercises[2]!.dependsOn).toEqual(["01-counting/add", "01-counting/double"]);
    expect(course!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("fills the default limits when exercise.yaml leaves them out", async () => {
    const { course, problems } = await load((files) =>
      edit(files, "01-counting/exercises/add/exercise.yaml", "limits: { timeMs: 5000, memoryMiB: 64 }\n", ""),
    );
    expect(problems).toEqual([]);
    expect(allExercises(course!)[0]!.limits).toEqual({ timeMs: 10_000, memoryMiB: 128 });
  });
});

describe("loadCourse reports each problem with file and line", () => {
  test("broken front matter YAML", async () => {
    const { problems } = await load((f) =>
      edit(f, "01-counting/lesson.md", "summary: Count things", "summary: [Count things"),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^01-counting\/lesson\.md:4: front matter is not valid YAML/);
  });

  test("front matter that is never closed", async () => {
    const { problems } = await load((f) => {
      f["01-counting/lesson.md"] = "---\ntitle: x\nsummary: y\n\n## A {#a}\n";
    });
    expect(problems).toContain(
      "01-counting/lesson.md:1: the front matter opened on line 1 is never closed: add a line `---` after it",
    );
  });

  test("a missing front matter field", async () => {
    const { problems } = await load((f) =>
      edit(f, "02-building/lesson.md", "summary: Build on earlier exercises.\n", ""),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^02-building\/lesson\.md:\d+: front matter: "summary" is required/),
    ]);
  });

  test("unknown fields in course.yaml, front matter, exercise.yaml and its limits", async () => {
    const { problems } = await load((f) => {
      f["course.yaml"] += "auther: someone\n";
      edit(f, "01-counting/lesson.md", "estimatedMinutes: 20", "estimatedMinutes: 20\ndifficulty: hard");
      edit(f, "01-counting/exercises/add/exercise.yaml", "points: 10", "points: 10\npoint: 3");
      edit(f, "01-counting/exercises/add/exercise.yaml", "memoryMiB: 64", "memoryMiB: 64, cpus: 2");
    });
    expect(problems).toEqual([
      '01-counting/exercises/add/exercise.yaml:5: exercise.yaml: unknown field "point"; remove it or check its spelling',
      '01-counting/exercises/add/exercise.yaml:12: exercise.yaml: unknown field "cpus" in limits; remove it or check its spelling',
      '01-counting/lesson.md:5: front matter: unknown field "difficulty"; remove it or check its spelling',
      'course.yaml:5: course.yaml: unknown field "auther"; remove it or check its spelling',
    ]);
  });

  test("duplicate section ids, within a lesson and across the course", async () => {
    const { problems } = await load((f) => {
      edit(f, "01-counting/lesson.md", "## Doubling {#doubling}", "## Doubling {#adding}");
      edit(f, "02-building/lesson.md", "{#sum-of-doubles}", "{#doubling}\n\n## Again {#adding}");
    });
    expect(problems).toContain(
      '01-counting/lesson.md:26: section id "adding" is already used in 01-counting/lesson.md:8; ids must be unique in the course',
    );
    expect(problems).toContain(
      '02-building/lesson.md:7: section id "adding" is already used in 01-counting/lesson.md:8; ids must be unique in the course',
    );
  });

  test("a section heading without an id, or with a bad one", async () => {
    const { problems } = await load((f) => {
      edit(f, "01-counting/lesson.md", "## Doubling {#doubling}", "## Doubling");
      edit(f, "02-building/lesson.md", "{#sum-of-doubles}", "{#Sum_Of}");
    });
    expect(problems).toContain(
      '01-counting/lesson.md:26: section "Doubling" has no id: write it as `## Doubling {#some-id}` (kebab-case, unique in the course)',
    );
    expect(problems).toContain(
      '02-building/lesson.md:5: section id "Sum_Of" must be kebab-case (lowercase letters, digits and single dashes)',
    );
  });

  test("missing files: lesson, exercise files, chapter folder, course.yaml", async () => {
    const { problems } = await load((f) => {
      f["02-building/lesson.md"] = undefined;
      f["01-counting/exercises/double/hidden.test.ts"] = undefined;
      f["course.yaml"] = f["course.yaml"]!.replace("02-building]", "02-building, 03-missing]");
    });
    expect(problems).toContain(
      "02-building/lesson.md:1: missing file: every chapter folder needs a lesson.md",
    );
    expect(problems).toContain(
      "01-counting/exercises/double/hidden.test.ts:1: missing file: every exercise folder needs exercise.yaml, starter.ts, solution.ts, visible.test.ts, hidden.test.ts",
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^course\.yaml:4: chapter folder "03-missing" does not exist in /),
    );
  });

  test("a missing course.yaml", async () => {
    const { course, problems } = await load((f) => {
      f["course.yaml"] = undefined;
    });
    expect(course).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^course\.yaml:1: missing course\.yaml/)]);
  });

  test("cells and test files that fail to parse", async () => {
    const { problems } = await load((f) => {
      edit(f, "01-counting/lesson.md", "const total = xs.length;", "const total = = xs.length;");
      edit(
        f,
        "01-counting/lesson.md",
        "const double = (x: number) => 2 * x;",
        "const double = (x: number => 2 * x;",
      );
      edit(
        f,
        "01-counting/exercises/add/visible.test.ts",
        "expect(add(1, 2)).toBe(3);",
        "expect(add(1, 2).toBe(3);",
      );
    });
    expect(problems).toEqual([
      "01-counting/exercises/add/visible.test.ts:4: TypeScript does not parse: ')' expected.",
      "01-counting/lesson.md:20: TypeScript does not parse: Expression expected.",
      "01-counting/lesson.md:29: TypeScript does not parse: ',' expected.",
    ]);
  });

  test("bad cell attributes and duplicate cell ids", async () => {
    const { problems } = await load((f) => {
      edit(
        f,
        "01-counting/lesson.md",
        "```ts run timeout=5000",
        "```ts run id=first-sum timeout=fast colour=red",
      );
    });
    expect(problems).toEqual([
      '01-counting/lesson.md:19: cell timeout "fast" must be a whole number of milliseconds between 1 and 120000',
      '01-counting/lesson.md:19: unknown cell attribute "colour=red": a runnable cell takes only id=<kebab-id> and timeout=<ms>',
      '01-counting/lesson.md:19: cell id "first-sum" is already used on line 11; cell ids must be unique in a lesson',
    ]);
  });

  test("an exercise whose section does not exist", async () => {
    const { problems } = await load((f) =>
      edit(f, "01-counting/exercises/double/exercise.yaml", "section: doubling", "section: tripling"),
    );
    expect(problems).toContain(
      '01-counting/exercises/double/exercise.yaml:3: section "tripling" does not exist in 01-counting/lesson.md (its sections: intro, adding, doubling)',
    );
  });

  test("placements: unknown exercise, exercise never placed, placed in the wrong section, placed twice", async () => {
    const { problems } = await load((f) => {
      edit(
        f,
        "01-counting/lesson.md",
        "::exercise{id=double}",
        "::exercise{id=add}\n\n::exercise{id=tripple}",
      );
      edit(
        f,
        "02-building/lesson.md",
        "::exercise{id=sum-doubles}",
        "::exercise{id=sum-doubles}\n::exercise{id=sum-doubles}",
      );
    });
    expect(problems).toEqual([
      '01-counting/lesson.md:1: exercise "double" is never placed: add `::exercise{id=double}` in section "doubling"',
      '01-counting/lesson.md:35: exercise "add" is placed twice; place each exercise once',
      "01-counting/lesson.md:37: ::exercise{id=tripple} names no exercise folder in 01-counting/exercises",
      '02-building/lesson.md:15: exercise "sum-doubles" is placed twice; place each exercise once',
    ]);
    const wrongSection = await load((f) => edit(f, "01-counting/lesson.md", "::exercise{id=add}", ""));
    expect(wrongSection.problems[0]).toMatch(/exercise "add" is never placed/);
    const moved = await load((f) => {
      edit(f, "01-counting/lesson.md", "::exercise{id=add}\n", "");
      edit(
        f,
        "01-counting/lesson.md",
        "::exercise{id=double}",
        "::exercise{id=double}\n\n::exercise{id=add}",
      );
    });
    expect(moved.problems).toEqual([
      '01-counting/lesson.md:36: exercise "add" is placed in section "doubling" but its exercise.yaml says section "adding"',
    ]);
  });

  test("useExercise naming no exercise of the chapter, or one placed below the cell", async () => {
    const { problems } = await load((f) => {
      edit(
        f,
        "01-counting/lesson.md",
        "const total = xs.length;",
        'const { add } = await useExercise("add");',
      );
      edit(f, "01-counting/lesson.md", "print(xs.reduce", 'await useExercise("double");\nprint(xs.reduce');
      edit(f, "02-building/lesson.md", "print(xsTwo());", 'const { add } = await useExercise("adds");');
    });
    expect(problems).toEqual([
      '01-counting/lesson.md:13: useExercise("double") in cell "first-sum" comes before the exercise (placed at line 36): place the exercise above the cells that use it',
      '01-counting/lesson.md:21: useExercise("add") in cell "adding-2" comes before the exercise (placed at line 25): place the exercise above the cells that use it',
      '02-building/lesson.md:7: useExercise("adds") names no exercise of 02-building (its exercises: sum-doubles)',
    ]);
  });

  test("a runnable cell that declares a name an exercise's solution exports", async () => {
    const { problems } = await load((f) => {
      edit(
        f,
        "01-counting/lesson.md",
        "const total = xs.length;",
        "function add(a: number, b: number) {\n  return a + b;\n}\nconst total = xs.length;",
      );
    });
    expect(problems).toEqual([
      '01-counting/lesson.md:20: cell "adding-2" declares add, which the solution of exercise "add" exports: a lesson must not show an exercise\'s answer; use the student\'s with `const { add } = await useExercise("add")`',
    ]);
  });

  test("probe names without a tests entry, and tests entries without a probe", async () => {
    const { problems } = await load((f) => {
      edit(f, "01-counting/exercises/add/hidden.test.ts", 'probe("adds zero"', 'probe("adds nothing"');
    });
    expect(problems).toEqual([
      '01-counting/exercises/add/exercise.yaml:14: tests entry "adds zero" has no probe of that name in hidden.test.ts',
      '01-counting/exercises/add/hidden.test.ts:8: probe "adds nothing" has no entry in exercise.yaml `tests`; add it with a weight and a message',
    ]);
  });

  test("a probe whose name is not a literal", async () => {
    const { problems } = await load((f) =>
      edit(f, "01-counting/exercises/add/hidden.test.ts", 'probe("adds zero"', 'probe("adds " + "zero"'),
    );
    expect(problems).toContain(
      "01-counting/exercises/add/hidden.test.ts:8: a probe's name must be a string literal, so the validator can match it to exercise.yaml `tests`",
    );
  });

  test("fewer than three hints", async () => {
    const { problems } = await load((f) =>
      edit(f, "01-counting/exercises/add/exercise.yaml", "  - It is one line of arithmetic.\n", ""),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^01-counting\/exercises\/add\/exercise\.yaml:8: exercise\.yaml: "hints" needs three or more hints/,
      ),
    ]);
  });

  test("dependsOn pointing nowhere, or forward", async () => {
    const { problems } = await load((f) => {
      edit(
        f,
        "02-building/exercises/sum-doubles/exercise.yaml",
        "01-counting/double]",
        "01-counting/doubel]",
      );
      edit(f, "01-counting/exercises/add/exercise.yaml", "dependsOn: []", "dependsOn: [01-counting/double]");
    });
    expect(problems).toEqual([
      '01-counting/exercises/add/exercise.yaml:15: dependsOn "01-counting/double" must come before "01-counting/add" in the course',
      '02-building/exercises/sum-doubles/exercise.yaml:14: dependsOn "01-counting/doubel" names no exercise of this course (write <chapter>/<exercise>)',
      '02-building/exercises/sum-doubles/solution.ts:3: imports "@exercise/01-counting/double" but exercise.yaml `dependsOn` does not list "01-counting/double"; add it there',
      '02-building/exercises/sum-doubles/starter.ts:2: imports "@exercise/01-counting/double" but exercise.yaml `dependsOn` does not list "01-counting/double"; add it there',
    ]);
  });

  test("an exercise id that differs from its folder, and a starter importing something it may not", async () => {
    const { problems } = await load((f) => {
      edit(f, "01-counting/exercises/add/exercise.yaml", "id: add", "id: addition");
      f["01-counting/exercises/add/starter.ts"] =
        'import fs from "node:fs";\n' + f["01-counting/exercises/add/starter.ts"];
    });
    expect(problems).toEqual([
      '01-counting/exercises/add/exercise.yaml:1: id "addition" must equal the folder name "add"',
      '01-counting/exercises/add/starter.ts:1: cannot import "node:fs": the solution and starter may import only @nanoschool/tensor (and its subpaths) and @exercise/<chapter>/<exercise>',
    ]);
  });

  test("an unknown aside and a malformed placement", async () => {
    const { problems } = await load((f) => {
      edit(f, "01-counting/lesson.md", "> [!NOTE]", "> [!TIP]");
      edit(
        f,
        "02-building/lesson.md",
        "::exercise{id=sum-doubles}",
        "::exercise{id=sum-doubles}\n\n::exercise sum-doubles",
      );
    });
    expect(problems).toEqual([
      '01-counting/lesson.md:16: unknown aside "[!TIP]": use [!NOTE], [!WARNING] or [!TRY]',
      "02-building/lesson.md:16: an exercise placement is written `::exercise{id=<exercise-folder>}` on its own line",
    ]);
  });

  test("collects many problems in one pass instead of stopping at the first", async () => {
    const { problems } = await load((f) => {
      f["course.yaml"] += "extra: 1\n";
      edit(f, "01-counting/exercises/add/exercise.yaml", "  - It is one line of arithmetic.\n", "");
      edit(f, "02-building/lesson.md", "{#sum-of-doubles}", "");
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });

  test("math that KaTeX cannot render, inline and display", async () => {
    const { problems } = await load((f) => {
      edit(f, "01-counting/lesson.md", "Addition is $a + b$", "Addition is $a + \\frac{b$");
      edit(
        f,
        "02-building/lesson.md",
        "## Sum of doubles {#sum-of-doubles}\n",
        "## Sum of doubles {#sum-of-doubles}\n$$\n\\sum_{i x_i\n$$\n",
      );
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^01-counting\/lesson\.md:9: math does not render with KaTeX: .*\(in \$a \+ \\frac\{b\$\)$/,
      ),
      expect.stringMatching(
        /^02-building\/lesson\.md:6: math does not render with KaTeX: .*\(in \$\$\\sum_\{i x_i\$\$\)$/,
      ),
    ]);
  });
});

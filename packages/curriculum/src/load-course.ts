import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { hashCourseFiles } from "./content-hash.ts";
import { type LoadedExercise, loadExercise } from "./load-exercise.ts";
import {
  type Chapter,
  type Course,
  type Exercise,
  type Lesson,
  runnableCells,
  type Section,
} from "./model.ts";
import { parseLessonBody, splitFrontMatter } from "./parse-lesson.ts";
import { type Problem, ProblemCollector, sortProblems } from "./problems.ts";
import { courseYamlSchema, lessonFrontMatterSchema } from "./schema.ts";
import { checkTypeScriptSyntax } from "./typescript-source.ts";
import { parseYaml } from "./yaml-document.ts";

export type LoadCourseResult = {
  /** Undefined only when course.yaml itself cannot be read; otherwise every chapter that loaded. */
  course: Course | undefined;
  /** Every problem found, in file and line order. Empty means the course is well-formed. */
  problems: Problem[];
};

/**
 * Reads a course folder (FORMAT.md) into typed objects, collecting every problem instead of stopping at
 * the first: a course author fixes the whole list in one pass.
 */
export async function loadCourse(dir: string): Promise<LoadCourseResult> {
  const problems = new ProblemCollector();
  const courseFile = path.join(dir, "course.yaml");
  const courseText = await readText(courseFile);
  if (courseText === undefined) {
    problems.add(courseFile, 1, `missing course.yaml: is "${dir}" a course folder?`);
    return { course: undefined, problems: problems.problems };
  }
  const parsed = parseYaml(
    courseText,
    courseYamlSchema,
    { file: courseFile, firstLine: 1, what: "course.yaml" },
    problems,
  );
  if (!parsed) return { course: undefined, problems: sortProblems(problems.problems) };
  // A course.yaml that breaks a rule still names its chapters: check them too, so one pass finds all.
  const rawChapters = (parsed.raw as { chapters?: unknown } | null)?.chapters;
  const slugs =
    parsed.data?.chapters ??
    (Array.isArray(rawChapters)
      ? rawChapters.filter((slug): slug is string => typeof slug === "string")
      : []);

  const chapters: Chapter[] = [];
  const loaded = new Map<string, LoadedExercise[]>();
  const existing = new Set<string>();
  for (const [index, slug] of slugs.entries()) {
    const chapterDir = path.join(dir, slug);
    if (!(await isDirectory(chapterDir))) {
      problems.add(
        courseFile,
        parsed.lineOf(["chapters", index]),
        `chapter folder "${slug}" does not exist in ${dir}`,
      );
      continue;
    }
    const lesson = await loadLesson(slug, path.join(chapterDir, "lesson.md"), problems);
    const { exercises, folders } = await loadChapterExercises(slug, chapterDir, problems);
    loaded.set(slug, exercises);
    for (const folder of folders) existing.add(`${slug}/${folder}`);
    if (!lesson) continue;
    chapters.push({
      slug,
      position: index,
      dir: chapterDir,
      title: lesson.title,
      summary: lesson.summary,
      lesson,
      exercises: placeExercises(lesson, exercises, new Set(folders), problems),
    });
  }

  checkSectionIds(chapters, problems);
  checkDependsOn(chapters, loaded, existing, problems);
  for (const chapter of chapters) checkExerciseUses(chapter, problems);

  const course: Course | undefined = parsed.data && {
    id: parsed.data.id,
    title: parsed.data.title,
    summary: parsed.data.summary,
    dir,
    file: courseFile,
    chapters,
    contentHash: await hashCourseFiles(dir),
  };
  return { course, problems: sortProblems(problems.problems) };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}

async function loadLesson(
  key: string,
  file: string,
  problems: ProblemCollector,
): Promise<Lesson | undefined> {
  const source = await readText(file);
  if (source === undefined) {
    problems.add(file, 1, "missing file: every chapter folder needs a lesson.md");
    return undefined;
  }
  const split = splitFrontMatter(source, file, problems);
  const frontMatter =
    split.yaml === undefined
      ? undefined
      : parseYaml(
          split.yaml,
          lessonFrontMatterSchema,
          { file, firstLine: split.yamlLine, what: "front matter" },
          problems,
        );
  const sections = parseLessonBody(split.body, split.bodyLine, file, problems);

  const cellIds = new Map<string, number>();
  for (const element of sections.flatMap((section) => section.elements)) {
    if (element.kind === "runnable") {
      const first = cellIds.get(element.id);
      if (first !== undefined) {
        problems.add(
          file,
          element.line,
          `cell id "${element.id}" is already used on line ${first}; cell ids must be unique in a lesson`,
        );
      }
      cellIds.set(element.id, element.line);
    }
    if (
      element.kind === "runnable" ||
      (element.kind === "static" && (element.lang === "ts" || element.lang === "typescript"))
    ) {
      checkTypeScriptSyntax(element.code, file, element.codeLine, problems);
    }
  }
  // Broken front matter is already a problem; the lesson still loads so its exercises get checked too.
  const data = frontMatter?.data;
  // The intro has no heading of its own: it goes by the lesson's title (in chunks and citations).
  if (data && sections[0]?.id === "intro") sections[0].title = data.title;
  const lesson: Lesson = {
    key,
    file,
    source,
    frontMatter: data ?? {},
    title: data?.title ?? key,
    summary: data?.summary ?? "",
    sections,
  };
  if (data?.estimatedMinutes !== undefined) lesson.estimatedMinutes = data.estimatedMinutes;
  return lesson;
}

async function loadChapterExercises(
  slug: string,
  chapterDir: string,
  problems: ProblemCollector,
): Promise<{ exercises: LoadedExercise[]; folders: string[] }> {
  const exercisesDir = path.join(chapterDir, "exercises");
  if (!(await isDirectory(exercisesDir))) return { exercises: [], folders: [] };
  const folders = (await readdir(exercisesDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  const exercises: LoadedExercise[] = [];
  for (const folder of folders) {
    const exercise = await loadExercise(slug, path.join(exercisesDir, folder), problems);
    if (exercise) exercises.push(exercise);
  }
  return { exercises, folders };
}

/**
 * Orders a chapter's exercises as the lesson places them and checks the placements: each names an
 * exercise of this chapter, each exercise is placed once, in the section its exercise.yaml names.
 */
function placeExercises(
  lesson: Lesson,
  exercises: LoadedExercise[],
  folders: Set<string>,
  problems: ProblemCollector,
): Exercise[] {
  const byId = new Map(exercises.map((exercise) => [exercise.id, exercise]));
  const sectionIds = new Set(lesson.sections.map((section) => section.id));
  const order: string[] = [];
  for (const section of lesson.sections) {
    for (const element of section.elements) {
      if (element.kind !== "exercise") continue;
      const exercise = byId.get(element.exerciseId);
      if (!exercise) {
        // A folder that exists but failed to load has its own problems already.
        if (!folders.has(element.exerciseId)) {
          problems.add(
            lesson.file,
            element.line,
            `::exercise{id=${element.exerciseId}} names no exercise folder in ${lesson.key}/exercises`,
          );
        }
      } else if (order.includes(exercise.id)) {
        problems.add(
          lesson.file,
          element.line,
          `exercise "${exercise.id}" is placed twice; place each exercise once`,
        );
      } else {
        order.push(exercise.id);
        if (sectionIds.has(exercise.sectionId) && exercise.sectionId !== section.id) {
          problems.add(
            lesson.file,
            element.line,
            `exercise "${exercise.id}" is placed in section "${section.id}" but its exercise.yaml says section "${exercise.sectionId}"`,
          );
        }
      }
    }
  }
  for (const exercise of exercises) {
    if (!sectionIds.has(exercise.sectionId)) {
      problems.add(
        exercise.file,
        exercise.lines.section,
        `section "${exercise.sectionId}" does not exist in ${lesson.key}/lesson.md (its sections: ${[...sectionIds].join(", ")})`,
      );
    }
    if (!order.includes(exercise.id)) {
      problems.add(
        lesson.file,
        1,
        `exercise "${exercise.id}" is never placed: add \`::exercise{id=${exercise.id}}\` in section "${exercise.sectionId}"`,
      );
      order.push(exercise.id);
    }
  }
  return order.map((id, position) => {
    const { lines: _lines, ...exercise } = byId.get(id)!;
    return { ...exercise, position };
  });
}

function checkSectionIds(chapters: Chapter[], problems: ProblemCollector): void {
  const seen = new Map<string, Section & { lessonKey: string }>();
  for (const chapter of chapters) {
    for (const section of chapter.lesson.sections) {
      const qualified = section.id === "intro" ? `${chapter.slug}#intro` : section.id;
      const first = seen.get(qualified);
      if (first) {
        problems.add(
          section.file,
          section.line,
          `section id "${section.id}" is already used in ${first.lessonKey}/lesson.md:${first.line}; ids must be unique in the course`,
        );
      } else {
        seen.set(qualified, { ...section, lessonKey: chapter.slug });
      }
    }
  }
}

/** dependsOn must name an exercise that exists and comes earlier in the course. */
const EXPORTED_NAME =
  /^export\s+(?:default\s+)?(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
const TOP_LEVEL_NAME = /^(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;

/**
 * A cell that calls `useExercise("id")` must name an exercise of its own chapter that the lesson places
 * above it: the student writes the exercise first, then the cells below run on their code. And no
 * runnable cell may declare, at its top level, a name an exercise's solution exports: that is how an
 * answer most often ends up on the page (the cell re-implements the exercise instead of using it).
 */
function checkExerciseUses(chapter: Chapter, problems: ProblemCollector): void {
  const answers = new Map<string, string>();
  for (const exercise of chapter.exercises) {
    for (const match of exercise.solution.source.matchAll(EXPORTED_NAME)) answers.set(match[1]!, exercise.id);
  }
  const placedAt = new Map<string, number>();
  for (const section of chapter.lesson.sections) {
    for (const element of section.elements) {
      if (element.kind === "exercise") placedAt.set(element.exerciseId, element.line);
    }
  }
  const ids = chapter.exercises.map((exercise) => exercise.id);
  for (const cell of runnableCells(chapter.lesson)) {
    for (const [index, line] of cell.code.split("\n").entries()) {
      for (const match of line.matchAll(TOP_LEVEL_NAME)) {
        const exerciseId = answers.get(match[1]!);
        if (exerciseId === undefined) continue;
        problems.add(
          cell.file,
          cell.codeLine + index,
          `cell "${cell.id}" declares ${match[1]}, which the solution of exercise "${exerciseId}" exports: a lesson must ` +
            `not show an exercise's answer; use the student's with \`const { ${match[1]} } = await useExercise("${exerciseId}")\``,
        );
      }
      for (const match of line.matchAll(/\buseExercise\(\s*(["'`])([^"'`]*)\1/g)) {
        const id = match[2]!.replace(new RegExp(`^${chapter.slug}/`), "");
        const at = cell.codeLine + index;
        const placed = placedAt.get(id);
        if (!ids.includes(id)) {
          problems.add(
            cell.file,
            at,
            `useExercise("${match[2]}") names no exercise of ${chapter.slug} (its exercises: ${ids.join(", ") || "none"})`,
          );
        } else if (placed !== undefined && placed > cell.line) {
          problems.add(
            cell.file,
            at,
            `useExercise("${id}") in cell "${cell.id}" comes before the exercise (placed at line ${placed}): place the exercise above the cells that use it`,
          );
        }
      }
    }
  }
}

function checkDependsOn(
  chapters: Chapter[],
  loaded: Map<string, LoadedExercise[]>,
  existing: Set<string>,
  problems: ProblemCollector,
): void {
  const order = new Map<string, number>();
  for (const chapter of chapters)
    for (const exercise of chapter.exercises) order.set(exercise.key, order.size);
  for (const exercises of loaded.values()) {
    for (const exercise of exercises) {
      exercise.dependsOn.forEach((key, index) => {
        const line = exercise.lines.dependsOn(index);
        const at = order.get(key);
        if (at === undefined && existing.has(key)) return; // it exists but failed to load: reported there
        if (at === undefined) {
          problems.add(
            exercise.file,
            line,
            `dependsOn "${key}" names no exercise of this course (write <chapter>/<exercise>)`,
          );
        } else if (at >= (order.get(exercise.key) ?? Number.POSITIVE_INFINITY)) {
          problems.add(
            exercise.file,
            line,
            `dependsOn "${key}" must come before "${exercise.key}" in the course`,
          );
        }
      });
    }
  }
}

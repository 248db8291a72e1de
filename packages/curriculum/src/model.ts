// The typed course model the loader produces: Course -> Chapter -> Lesson (sections, cells, asides,
// exercise placements) and Exercise (its files). Every element keeps the file and 1-based line it came
// from, so the validator and the studio can point at it.

export type SourceLocation = { file: string; line: number };

export type RunnableCell = SourceLocation & {
  kind: "runnable";
  /** Stable within the lesson: the `id=` attribute, else `<section>-<n>`. */
  id: string;
  sectionId: string;
  code: string;
  /** Line of the first code line (the line after the opening fence). */
  codeLine: number;
  timeoutMs: number;
};

export type StaticBlock = SourceLocation & {
  kind: "static";
  /** `<section>-static-<n>`: stable as long as the section's blocks keep their order. */
  id: string;
  sectionId: string;
  /** The fence's language ("ts", "text", ...), "" when none is given. */
  lang: string;
  code: string;
  codeLine: number;
};

export type Cell = RunnableCell | StaticBlock;

export type AsideKind = "note" | "warning" | "try";

export type Aside = SourceLocation & {
  kind: "aside";
  aside: AsideKind;
  sectionId: string;
  /** The aside's Markdown, without the `>` markers and the `[!KIND]` line. */
  text: string;
};

export type ExercisePlacement = SourceLocation & {
  kind: "exercise";
  exerciseId: string;
  sectionId: string;
};

export type LessonElement = Cell | Aside | ExercisePlacement;

export type Section = SourceLocation & {
  /** Stable, kebab-case, unique within the course; "intro" for the text before the first `##`. */
  id: string;
  title: string;
  position: number;
  /** The section's Markdown source without its heading line. */
  body: string;
  elements: LessonElement[];
};

export type Lesson = {
  /** Stable across versions: the chapter folder name, e.g. "01-bigram". */
  key: string;
  file: string;
  source: string;
  frontMatter: Record<string, unknown>;
  title: string;
  summary: string;
  estimatedMinutes?: number;
  sections: Section[];
};

export type HiddenTest = { weight: number; message: string };
export type Limits = { timeMs: number; memoryMiB: number };
export type SourceFile = { file: string; source: string };

export type ProbeReference = { name: string; line: number };

export type Exercise = {
  /** Stable across versions: "<chapter>/<exercise>", also the `@exercise/<key>` import specifier. */
  key: string;
  id: string;
  chapter: string;
  dir: string;
  /** exercise.yaml's path. */
  file: string;
  /** Its order within the chapter (the lesson's placement order). */
  position: number;
  title: string;
  sectionId: string;
  points: number;
  prompt: string;
  hints: string[];
  limits: Limits;
  tests: Record<string, HiddenTest>;
  dependsOn: string[];
  starter: SourceFile;
  solution: SourceFile;
  visibleTests: SourceFile;
  hiddenTests: SourceFile;
  /** The probe names hidden.test.ts declares, with their lines. */
  probes: ProbeReference[];
};

export type Chapter = {
  /** The folder name, e.g. "01-bigram". */
  slug: string;
  position: number;
  dir: string;
  title: string;
  summary: string;
  lesson: Lesson;
  exercises: Exercise[];
};

export type Course = {
  id: string;
  title: string;
  summary: string;
  dir: string;
  /** course.yaml's path. */
  file: string;
  chapters: Chapter[];
  /** SHA-256 over every file of the course folder (see content-hash.ts). */
  contentHash: string;
};

/** Every runnable cell of a lesson, in reading order. */
export function runnableCells(lesson: Lesson): RunnableCell[] {
  return lesson.sections.flatMap((section) =>
    section.elements.filter((element): element is RunnableCell => element.kind === "runnable"),
  );
}

/** Every exercise of the course in course order. */
export function allExercises(course: Course): Exercise[] {
  return course.chapters.flatMap((chapter) => chapter.exercises);
}

import { loadCourse } from "@nanoschool/curriculum/load-course";
import type { Cell, Course, Lesson } from "@nanoschool/curriculum/model";
import { formatProblem, type Problem } from "@nanoschool/curriculum/problems";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "./client.ts";
import {
  cell,
  chapter,
  course as courseTable,
  courseVersion,
  curriculumChunk,
  exercise,
  exerciseSecret,
  lessonSection,
  lesson as lessonTable,
} from "./schema/index.ts";

/** A course folder that does not load cleanly; `problems` say what to fix, file by file. */
export class CourseInvalidError extends Error {
  override name = "CourseInvalidError";
  readonly problems: Problem[];
  constructor(dir: string, problems: Problem[]) {
    super(
      `The course in ${dir} has ${problems.length} problem(s); fix them (npm run curriculum:check lists them) and import again:\n` +
        problems.map((problem) => formatProblem(problem)).join("\n"),
    );
    this.problems = problems;
  }
}

export type ImportCourseResult = {
  /**
   * "created": a new version N+1 was written and published. "unchanged": a version with this exact
   * content exists and is already the published one. "republished": it exists and was published again
   * (the files went back to an earlier version's content).
   */
  status: "created" | "unchanged" | "republished";
  courseId: string;
  versionId: string;
  versionNumber: number;
  contentHash: string;
};

export type ImportCourseOptions = { createdBy?: string };

/** Loads a course folder and imports it; refuses a course with any problem. */
export async function importCourseFolder(
  db: Database,
  dir: string,
  options: ImportCourseOptions = {},
): Promise<ImportCourseResult> {
  const { course, problems } = await loadCourse(dir);
  if (!course || problems.length > 0) throw new CourseInvalidError(dir, problems);
  return importCourse(db, course, options);
}

/**
 * Writes a loaded course as a new immutable, content-hashed, published version in one transaction.
 * Solutions and hidden tests go only to exercise_secret; retrieval chunks get lesson sections and
 * exercise prompts, never either of those.
 */
export async function importCourse(
  db: Database,
  course: Course,
  options: ImportCourseOptions = {},
): Promise<ImportCourseResult> {
  return db.transaction(async (tx) => {
    await tx
      .insert(courseTable)
      .values({ id: course.id, title: course.title, summary: course.summary })
      .onConflictDoUpdate({ target: courseTable.id, set: { title: course.title, summary: course.summary } });
    const [current] = await tx
      .select({ publishedVersionId: courseTable.publishedVersionId })
      .from(courseTable)
      .where(eq(courseTable.id, course.id))
      .for("update");

    const [same] = await tx
      .select({ id: courseVersion.id, number: courseVersion.number })
      .from(courseVersion)
      .where(and(eq(courseVersion.courseId, course.id), eq(courseVersion.contentHash, course.contentHash)));
    const base = { courseId: course.id, contentHash: course.contentHash };
    if (same) {
      if (current?.publishedVersionId === same.id) {
        return { ...base, status: "unchanged", versionId: same.id, versionNumber: same.number };
      }
      await publish(tx, course.id, same.id, current?.publishedVersionId ?? null);
      return { ...base, status: "republished", versionId: same.id, versionNumber: same.number };
    }

    const [latest] = await tx
      .select({ number: courseVersion.number })
      .from(courseVersion)
      .where(eq(courseVersion.courseId, course.id))
      .orderBy(desc(courseVersion.number))
      .limit(1);
    const number = (latest?.number ?? 0) + 1;
    const [version] = await tx
      .insert(courseVersion)
      .values({
        courseId: course.id,
        number,
        contentHash: course.contentHash,
        status: "draft",
        title: course.title,
        summary: course.summary,
        createdBy: options.createdBy ?? null,
      })
      .returning({ id: courseVersion.id });
    const versionId = version!.id;
    await writeVersionContent(tx, course, versionId);
    await publish(tx, course.id, versionId, current?.publishedVersionId ?? null);
    return { ...base, status: "created", versionId, versionNumber: number };
  });
}

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

async function publish(
  tx: Transaction,
  courseId: string,
  versionId: string,
  previous: string | null,
): Promise<void> {
  if (previous && previous !== versionId) {
    await tx.update(courseVersion).set({ status: "retired" }).where(eq(courseVersion.id, previous));
  }
  await tx
    .update(courseVersion)
    .set({ status: "published", publishedAt: new Date() })
    .where(eq(courseVersion.id, versionId));
  await tx.update(courseTable).set({ publishedVersionId: versionId }).where(eq(courseTable.id, courseId));
}

async function writeVersionContent(tx: Transaction, course: Course, courseVersionId: string): Promise<void> {
  const chunks: (typeof curriculumChunk.$inferInsert)[] = [];
  for (const chap of course.chapters) {
    const [chapterRow] = await tx
      .insert(chapter)
      .values({
        courseVersionId,
        slug: chap.slug,
        position: chap.position,
        title: chap.title,
        summary: chap.summary,
      })
      .returning({ id: chapter.id });
    const chapterId = chapterRow!.id;
    await writeLesson(tx, courseVersionId, chapterId, chap.position, chap.lesson);
    const chunkBase = {
      courseVersionId,
      courseId: course.id,
      chapterSlug: chap.slug,
      lessonKey: chap.lesson.key,
    };
    for (const section of chap.lesson.sections) {
      chunks.push({
        ...chunkBase,
        kind: "section",
        sectionId: section.id,
        position: chunks.length,
        title: section.title,
        text: section.body,
      });
    }

    for (const ex of chap.exercises) {
      const [exerciseRow] = await tx
        .insert(exercise)
        .values({
          courseVersionId,
          chapterId,
          key: ex.key,
          sectionId: ex.sectionId,
          position: ex.position,
          title: ex.title,
          prompt: ex.prompt,
          points: ex.points,
          starterCode: ex.starter.source,
          visibleTests: ex.visibleTests.source,
          hints: ex.hints.map((text) => ({ text })),
          limits: ex.limits,
          testWeights: Object.fromEntries(
            Object.entries(ex.tests).map(([name, test]) => [name, test.weight]),
          ),
          testMessages: Object.fromEntries(
            Object.entries(ex.tests).map(([name, test]) => [name, test.message]),
          ),
          dependsOn: ex.dependsOn,
        })
        .returning({ id: exercise.id });
      await tx.insert(exerciseSecret).values({
        exerciseId: exerciseRow!.id,
        solutionCode: ex.solution.source,
        hiddenTests: ex.hiddenTests.source,
      });
      chunks.push({
        ...chunkBase,
        kind: "exercise",
        sectionId: ex.sectionId,
        exerciseKey: ex.key,
        position: chunks.length,
        title: ex.title,
        text: ex.prompt,
      });
    }
  }
  if (chunks.length > 0) await tx.insert(curriculumChunk).values(chunks);
}

async function writeLesson(
  tx: Transaction,
  courseVersionId: string,
  chapterId: string,
  position: number,
  lesson: Lesson,
): Promise<void> {
  const [row] = await tx
    .insert(lessonTable)
    .values({
      courseVersionId,
      chapterId,
      key: lesson.key,
      position,
      title: lesson.title,
      summary: lesson.summary,
      source: lesson.source,
      frontMatter: lesson.frontMatter,
    })
    .returning({ id: lessonTable.id });
  const lessonId = row!.id;
  if (lesson.sections.length > 0) {
    await tx.insert(lessonSection).values(
      lesson.sections.map((section) => ({
        lessonId,
        sectionId: section.id,
        position: section.position,
        title: section.title,
        body: section.body,
      })),
    );
  }
  // Runnable cells and TypeScript static blocks; other fences (output samples, shell lines) stay prose.
  const cells = lesson.sections
    .flatMap((section) => section.elements)
    .filter(
      (element): element is Cell =>
        element.kind === "runnable" ||
        (element.kind === "static" && (element.lang === "ts" || element.lang === "typescript")),
    );
  if (cells.length > 0) {
    await tx.insert(cell).values(
      cells.map((element, position) => ({
        lessonId,
        key: `${lesson.key}#${element.id}`,
        sectionId: element.sectionId,
        position,
        kind: element.kind,
        code: element.code,
        timeLimitMs: element.kind === "runnable" ? element.timeoutMs : 10_000,
      })),
    );
  }
}

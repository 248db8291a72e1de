// The course's data sets (`loadData("names")` in cells, code and tests), read from the course files:
// curriculum/<course>/data/, every file but the README, keyed by its name without the extension (read by
// @nanoschool/curriculum's readCourseData, so the grader sees what the validator saw). Graders run
// from the repository, like the CLI, so the files are at hand; they are read once per course.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readCourseData } from "@nanoschool/curriculum/course-data";

export type CourseDataLoader = (courseId: string) => Promise<Record<string, string>>;

/**
 * The repository's curriculum/ folder, found by walking up from the working directory to the
 * package.json that declares the workspaces (not from this file's own path: in the web app this
 * module is bundled, and its path says nothing about where the repository is).
 */
export function defaultCurriculumDir(start: string = process.cwd()): string | undefined {
  let dir = path.resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { workspaces?: unknown }).workspaces)
          return path.join(/*turbopackIgnore: true*/ dir, "curriculum");
      } catch {
        // an unreadable package.json is not the root; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A loader that reads each course's data folder once and hands out the same object afterwards. */
export function courseDataFromFiles(curriculumDir?: string): CourseDataLoader {
  const loaded = new Map<string, Promise<Record<string, string>>>();
  return (courseId) => {
    let data = loaded.get(courseId);
    if (!data) {
      const dir = curriculumDir ?? defaultCurriculumDir();
      data = dir ? readCourseDataSets(dir, courseId) : Promise.resolve({});
      loaded.set(courseId, data);
      data.catch(() => loaded.delete(courseId));
    }
    return data;
  };
}

async function readCourseDataSets(curriculumDir: string, courseId: string): Promise<Record<string, string>> {
  // Course ids are slugs; anything else must not turn into a path outside the curriculum folder.
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(courseId)) return {};
  return readCourseData(path.join(curriculumDir, courseId));
}

import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../client.ts";
import { CourseInvalidError, importCourseFolder } from "../import-course.ts";
import { migrateDatabase } from "../migrate.ts";

// `npm run curriculum:import [course-dir]`: loads a course folder (default curriculum/llm101n) into the
// database as a new published version, or reports that this exact content is already there.
const defaultCourse = fileURLToPath(new URL("../../../../curriculum/llm101n", import.meta.url));
const dir = process.argv[2] ? path.resolve(process.argv[2]) : defaultCourse;

try {
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    const result = await importCourseFolder(handle.db, dir);
    const what = {
      created: "imported as new version",
      unchanged: "unchanged: already published as version",
      republished: "published again: same content as version",
    }[result.status];
    console.log(
      `curriculum:import: ${result.courseId} ${what} ${result.versionNumber} (sha256 ${result.contentHash.slice(0, 12)}, ${handle.kind}: ${handle.location})`,
    );
  } finally {
    await handle.close();
  }
} catch (error) {
  if (error instanceof CourseInvalidError) console.error(`curriculum:import: ${error.message}`);
  else console.error(`curriculum:import failed: ${(error as Error).message}`);
  process.exit(1);
}

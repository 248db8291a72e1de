import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * A course's data sets (`loadData("names")` in cells, exercise code and tests): every file of the course's
 * data/ folder but the README, keyed by its name without the extension. The validator and the grader both
 * read them here, so the grader sees what the validator saw.
 */
export async function readCourseData(courseDir: string): Promise<Record<string, string>> {
  const dataDir = path.join(courseDir, "data");
  const entries = await readdir(dataDir, { withFileTypes: true }).catch(() => []);
  const data: Record<string, string> = {};
  for (const entry of entries) {
    if (!entry.isFile() || /^readme/i.test(entry.name) || entry.name.startsWith(".")) continue;
    data[path.parse(entry.name).name] = await readFile(path.join(dataDir, entry.name), "utf8");
  }
  return data;
}

import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Every file of a course folder as a POSIX path relative to it, sorted; dot-files are not content. */
export async function listCourseFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .filter(
      (relative) => !relative.split("/").some((part) => part.startsWith(".") || part === "node_modules"),
    )
    .sort();
}

/**
 * SHA-256 over the course's files in path order: each file contributes its path, its byte length and
 * its bytes, so renaming a file or moving bytes between files changes the hash. Same content, same hash,
 * on any machine.
 */
export async function hashCourseFiles(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const relative of await listCourseFiles(dir)) {
    const bytes = await readFile(path.join(dir, relative));
    hash.update(`${relative}\0${bytes.length}\0`);
    hash.update(bytes);
    hash.update("\0");
  }
  return hash.digest("hex");
}

/// <reference types="node" />
// The readable part of the runtime must stay small enough to read in an evening (teenygrad's habit).
// Counts code lines (not blank, not comment-only) of the frontend, the autograd table, the backend
// interface and the reference backend: every .ts file under src/ except tests, test helpers,
// the fast backend, and the libraries built on top (nn/, optim/, value.ts), which are listed for
// information. Fails when the counted part passes BUDGET. Run: npm run check:lines.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const BUDGET = 2000;
const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src");
const outside = [/\.test\.ts$/, /^testing\//, /^fixtures\//, /^backend\/fast\//];
const onTop = [/^nn\//, /^optim\//, /^value\.ts$/];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** Lines with code on them: skips blank lines, // comments and the lines of /* ... *\/ comments. */
export function countCodeLines(text: string): number {
  let inBlock = false;
  let count = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes("*/")) inBlock = false;
      continue;
    }
    if (line === "" || line.startsWith("//")) continue;
    if (line.startsWith("/*")) {
      inBlock = !line.includes("*/");
      continue;
    }
    count++;
  }
  return count;
}

const files = listFiles(src)
  .map((path) => relative(src, path).split("\\").join("/"))
  .filter((file) => file.endsWith(".ts") && !outside.some((re) => re.test(file)))
  .sort();
let counted = 0;
let extra = 0;
for (const file of files) {
  const lines = countCodeLines(readFileSync(join(src, file), "utf8"));
  const isExtra = onTop.some((re) => re.test(file));
  if (isExtra) extra += lines;
  else counted += lines;
  console.log(`${String(lines).padStart(5)}  ${file}${isExtra ? "  (not counted: built on top)" : ""}`);
}
console.log(
  `${String(counted).padStart(5)}  code lines in the frontend and reference backend (budget ${BUDGET})`,
);
console.log(`${String(extra).padStart(5)}  code lines in nn, optim and Value (not counted)`);
if (counted > BUDGET) {
  console.error(
    `check:lines: the readable core has ${counted} code lines, over the budget of ${BUDGET}. ` +
      "Move code into nn/ or a composite op, simplify, or raise BUDGET in scripts/check-line-budget.ts with a reason.",
  );
  process.exit(1);
}

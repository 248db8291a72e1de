import { parseArgs } from "node:util";

export const gradeUsage =
  "usage: npm run grade -- --exercise <course>/<chapter>/<exercise> --file <path-to-code.ts> [--hidden] [--json]";

export type GradeArgs = {
  course: string;
  chapter: string;
  exercise: string;
  file: string;
  hidden: boolean;
  json: boolean;
  /** The folder holding the course folders; curriculum/ at the repo root unless given. */
  root: string | undefined;
};

export class GradeArgsError extends Error {
  override name = "GradeArgsError";
}

const segment = /^[a-z0-9][a-z0-9-]*$/;

export function parseGradeArgs(argv: string[]): GradeArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        exercise: { type: "string" },
        file: { type: "string" },
        hidden: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        root: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new GradeArgsError((error as Error).message);
  }
  const exercise = values.exercise as string | undefined;
  const file = values.file as string | undefined;
  if (!exercise) throw new GradeArgsError("--exercise is required");
  if (!file) throw new GradeArgsError("--file is required");
  const parts = exercise.split("/");
  if (parts.length !== 3 || !parts.every((p) => segment.test(p))) {
    throw new GradeArgsError(
      `--exercise must look like llm101n/01-bigram/count-bigrams (course/chapter/exercise), got "${exercise}"`,
    );
  }
  return {
    course: parts[0]!,
    chapter: parts[1]!,
    exercise: parts[2]!,
    file,
    hidden: Boolean(values.hidden),
    json: Boolean(values.json),
    root: values.root as string | undefined,
  };
}

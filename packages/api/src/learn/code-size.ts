import { LearnBadInputError } from "./errors.ts";

/**
 * The largest code a student may save or submit: 100 KB is far beyond any exercise or cell, so more is a
 * paste accident (or an attack on the grader). One constant for saved code and submissions alike.
 */
export const MAX_CODE_BYTES = 100 * 1024;

export function assertCodeSize(code: string, what: "saved code" | "submission"): void {
  const bytes = Buffer.byteLength(code, "utf8");
  if (bytes > MAX_CODE_BYTES) {
    const kb = Math.ceil(bytes / 1024);
    throw new LearnBadInputError(
      `The ${what} is ${kb} KB; the limit is ${MAX_CODE_BYTES / 1024} KB. Remove pasted data or ` +
        "generated text and try again.",
    );
  }
}

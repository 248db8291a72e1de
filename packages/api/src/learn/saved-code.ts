// A student's edits to a lesson cell or an exercise editor, saved to their account so they survive a
// reload or another device. Keys follow the saved_code table: "cell:<cell key>" or "exercise:<key>".
import type { Database } from "@nanoschool/db/client";
import { savedCode } from "@nanoschool/db/schema";
import { and, eq, sql } from "drizzle-orm";
import { assertCodeSize } from "./code-size.ts";
import { LearnBadInputError } from "./errors.ts";
import { findPublishedCell, findPublishedExercise } from "./published.ts";

export const cellCodeKey = (cellKey: string) => `cell:${cellKey}`;
export const exerciseCodeKey = (exerciseKey: string) => `exercise:${exerciseKey}`;

export function parseCodeKey(key: string): { kind: "cell" | "exercise"; target: string } {
  const match = /^(cell|exercise):(.+)$/.exec(key);
  if (!match) {
    throw new LearnBadInputError(
      `"${key}" is not a saved-code key: use "cell:<cell key>" or "exercise:<exercise key>".`,
    );
  }
  return { kind: match[1] as "cell" | "exercise", target: match[2]! };
}

/** Only cells and exercises of the published version can hold saved code: no free-form storage. */
async function assertTargetExists(db: Database, courseId: string, key: string): Promise<void> {
  const { kind, target } = parseCodeKey(key);
  if (kind === "cell") await findPublishedCell(db, courseId, target);
  else await findPublishedExercise(db, courseId, target);
}

export async function saveCode(
  db: Database,
  userId: string,
  input: { courseId: string; key: string; code: string },
): Promise<{ key: string; updatedAt: Date }> {
  assertCodeSize(input.code, "saved code");
  await assertTargetExists(db, input.courseId, input.key);
  const [row] = await db
    .insert(savedCode)
    .values({ userId, courseId: input.courseId, key: input.key, code: input.code })
    .onConflictDoUpdate({
      target: [savedCode.userId, savedCode.courseId, savedCode.key],
      set: { code: input.code, updatedAt: sql`now()` },
    })
    .returning({ key: savedCode.key, updatedAt: savedCode.updatedAt });
  return row!;
}

/** "Reset to the original": forget the saved edit, so the lesson shows the author's code again. */
export async function clearCode(
  db: Database,
  userId: string,
  input: { courseId: string; key: string },
): Promise<{ cleared: boolean }> {
  parseCodeKey(input.key);
  const rows = await db
    .delete(savedCode)
    .where(
      and(eq(savedCode.userId, userId), eq(savedCode.courseId, input.courseId), eq(savedCode.key, input.key)),
    )
    .returning({ key: savedCode.key });
  return { cleared: rows.length > 0 };
}

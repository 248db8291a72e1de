// Hints are a ladder: a student takes them one at a time, in order, and each taken hint is recorded
// (hint_reveal) so the instructor can see who needed which and the tutor knows what was already said.
import type { Database } from "@nanoschool/db/client";
import { hintReveal } from "@nanoschool/db/schema";
import { and, asc, eq } from "drizzle-orm";
import { LearnBadInputError, LearnNotFoundError } from "./errors.ts";
import { findPublishedExercise } from "./published.ts";

export type RevealedHint = { index: number; text: string; revealedAt: Date };

async function revealedRows(db: Database, userId: string, courseId: string, exerciseKey: string) {
  return db
    .select({ index: hintReveal.hintIndex, revealedAt: hintReveal.revealedAt })
    .from(hintReveal)
    .where(
      and(
        eq(hintReveal.userId, userId),
        eq(hintReveal.courseId, courseId),
        eq(hintReveal.exerciseKey, exerciseKey),
      ),
    )
    .orderBy(asc(hintReveal.hintIndex));
}

export async function listHints(
  db: Database,
  userId: string,
  input: { courseId: string; exerciseKey: string },
): Promise<{ total: number; revealed: RevealedHint[] }> {
  const { exercise } = await findPublishedExercise(db, input.courseId, input.exerciseKey);
  const rows = await revealedRows(db, userId, input.courseId, exercise.key);
  return {
    total: exercise.hints.length,
    revealed: rows
      .filter((r) => r.index < exercise.hints.length)
      .map((r) => ({ index: r.index, text: exercise.hints[r.index]?.text ?? "", revealedAt: r.revealedAt })),
  };
}

/**
 * Reveals hint `index` (0-based). It must be the next one: hints go from a nudge to nearly the answer,
 * so skipping ahead is refused. Asking again for a hint already taken just returns it.
 */
export async function revealHint(
  db: Database,
  userId: string,
  input: { courseId: string; exerciseKey: string; index: number },
): Promise<RevealedHint & { total: number }> {
  const { exercise } = await findPublishedExercise(db, input.courseId, input.exerciseKey);
  const total = exercise.hints.length;
  if (input.index >= total) {
    throw new LearnNotFoundError(
      total === 0
        ? `The exercise "${exercise.title}" has no hints.`
        : `The exercise "${exercise.title}" has ${total} hints, numbered 0 to ${total - 1}; there is no hint ${input.index}.`,
    );
  }
  const rows = await revealedRows(db, userId, input.courseId, exercise.key);
  const taken = rows.filter((r) => r.index < total);
  const existing = taken.find((r) => r.index === input.index);
  if (!existing && input.index !== taken.length) {
    throw new LearnBadInputError(
      `Hints come one at a time: take hint ${taken.length} before hint ${input.index}.`,
    );
  }
  let revealedAt = existing?.revealedAt;
  if (!revealedAt) {
    const [row] = await db
      .insert(hintReveal)
      .values({ userId, courseId: input.courseId, exerciseKey: exercise.key, hintIndex: input.index })
      .onConflictDoNothing()
      .returning({ revealedAt: hintReveal.revealedAt });
    revealedAt = row?.revealedAt ?? new Date();
  }
  return { index: input.index, text: exercise.hints[input.index]?.text ?? "", revealedAt, total };
}

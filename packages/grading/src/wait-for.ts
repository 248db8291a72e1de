import type { Database } from "@nanoschool/db/client";
import { submission } from "@nanoschool/db/schema";
import { inArray } from "drizzle-orm";
import { isFinal } from "./results.ts";

/** Polls until every listed submission has a final status; throws with the stragglers after timeoutMs. */
export async function waitForGraded(db: Database, ids: string[], timeoutMs = 60_000, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db
      .select({ id: submission.id, status: submission.status })
      .from(submission)
      .where(inArray(submission.id, ids));
    const open = rows.filter((r) => !isFinal(r.status));
    if (open.length === 0 && rows.length === ids.length) return;
    if (Date.now() > deadline) {
      throw new Error(`${open.length} of ${ids.length} submissions still open after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

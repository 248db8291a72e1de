// Closed-loop clients: each submits, waits for the grade, submits the next. With N clients there are
// N submissions in flight at any moment, as with N students pressing "submit" over and over.
import type { DatabaseHandle } from "@nanoschool/db/client";
import { submission } from "@nanoschool/db/schema";
import { count, inArray } from "drizzle-orm";
import type { GradingQueue } from "../queue.ts";
import { isFinal } from "../results.ts";
import { submitForGrading } from "../submit.ts";
import { mixEntry } from "./submissions-mix.ts";

export type ClientsOptions = {
  handle: DatabaseHandle;
  queue: GradingQueue;
  exerciseId: string;
  userId: string;
  /** Stop once the database holds this many submissions (a restarted run carries on where it was). */
  total: number;
  clients: number;
  /** Include the hostile submissions (endless loop, memory bomb) in the mix. */
  hostile?: boolean;
  onSubmitted?: (index: number) => void;
};

export async function runClients(options: ClientsOptions): Promise<void> {
  const { handle, queue } = options;
  const [existing] = await handle.db.select({ n: count() }).from(submission);
  let next = existing!.n;
  const waiting = new Map<string, () => void>();

  // One poller for every client keeps the database load flat however many clients there are.
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const ids = [...waiting.keys()];
      if (ids.length > 0) {
        const rows = await handle.db
          .select({ id: submission.id, status: submission.status })
          .from(submission)
          .where(inArray(submission.id, ids));
        for (const row of rows) {
          if (isFinal(row.status)) {
            waiting.get(row.id)?.();
            waiting.delete(row.id);
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  const client = async () => {
    while (next < options.total) {
      const index = next++;
      const { code } = mixEntry(index, options.hostile ?? true);
      const { submissionId } = await submitForGrading(handle, queue, {
        userId: options.userId,
        exerciseId: options.exerciseId,
        code,
      });
      options.onSubmitted?.(index);
      await new Promise<void>((resolve) => waiting.set(submissionId, resolve));
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  polling = false;
  await poller;
}

// Per-student limit on submissions, counted in usage_event so it holds across web replicas and
// restarts. The check and the insert run in one transaction under a per-student advisory lock, so two
// submissions at the same moment cannot both take the last allowance. Times come from the database's
// clock, the one clock every replica shares.
import { type Database, queryRows } from "@nanoschool/db/client";
import { usageEvent } from "@nanoschool/db/schema";
import { sql } from "drizzle-orm";
import { LearnRateLimitError } from "./errors.ts";

export const SUBMISSIONS_PER_MINUTE = 6;
const KIND = "submission";

export async function takeSubmissionAllowance(
  db: Database,
  userId: string,
  perMinute: number = SUBMISSIONS_PER_MINUTE,
): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    await t.execute(sql`select pg_advisory_xact_lock(hashtext(${`submission:${userId}`}))`);
    const [window] = await queryRows<{ count: number; waitSeconds: number | null }>(
      t,
      sql`select count(*)::int as count,
            ceil(extract(epoch from (min(created_at) + interval '60 seconds' - now())))::int as "waitSeconds"
          from usage_event
          where user_id = ${userId} and kind = ${KIND} and created_at > now() - interval '60 seconds'`,
    );
    const count = window?.count ?? 0;
    if (count >= perMinute) {
      const wait = Math.max(1, window?.waitSeconds ?? 60);
      throw new LearnRateLimitError(
        `You have submitted ${count} times in the last minute, the limit. Try again in ${wait} second${wait === 1 ? "" : "s"}; ` +
          "meanwhile, Run visible tests checks your code instantly without using a submission.",
        wait,
      );
    }
    await t.insert(usageEvent).values({ userId, kind: KIND });
  });
}

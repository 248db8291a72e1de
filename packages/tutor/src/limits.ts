import { type Database, queryRows } from "@nanoschool/db/client";
import { usageEvent } from "@nanoschool/db/schema";
import { sql } from "drizzle-orm";
import { TutorRateLimitError } from "./errors.ts";

// Per-student limits on tutor questions, kept in usage_event so they hold across web replicas and
// restarts: at most `perMinute` questions in any 60 seconds and `perDay` per UTC day. The check and
// the insert run in one transaction under a per-student advisory lock, so two requests at once cannot
// both take the last allowance.

export type TutorLimits = { perMinute: number; perDay: number };

const KIND = "tutor";

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** Counts one question for the student, or throws TutorRateLimitError saying when they can ask again. */
export async function takeTutorAllowance(
  db: Database,
  userId: string,
  limits: TutorLimits,
  now: Date = new Date(),
): Promise<void> {
  const minuteAgo = new Date(now.getTime() - 60_000);
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tutor:${userId}`}))`);
    const [counts] = await queryRows<{ lastMinute: number; today: number; oldest: string | null }>(
      tx as unknown as Database,
      sql`select
          count(*) filter (where created_at > ${minuteAgo.toISOString()})::int as "lastMinute",
          count(*)::int as today,
          min(created_at) filter (where created_at > ${minuteAgo.toISOString()}) as oldest
        from usage_event
        where user_id = ${userId} and kind = ${KIND} and created_at >= ${dayStart.toISOString()}`,
    );
    const today = counts?.today ?? 0;
    const lastMinute = counts?.lastMinute ?? 0;
    if (today >= limits.perDay) {
      const wait = Math.max(1, Math.ceil((dayStart.getTime() + 86_400_000 - now.getTime()) / 1000));
      throw new TutorRateLimitError(
        `You have asked the tutor ${today} questions today, the daily limit. You can ask again at 00:00 UTC, in ${formatWait(wait)}.`,
        wait,
      );
    }
    if (lastMinute >= limits.perMinute && counts?.oldest) {
      const wait = Math.max(
        1,
        Math.ceil((new Date(counts.oldest).getTime() + 60_000 - now.getTime()) / 1000),
      );
      throw new TutorRateLimitError(
        `You have asked ${lastMinute} questions in the last minute, the limit. You can ask again in ${formatWait(wait)}.`,
        wait,
      );
    }
    await tx.insert(usageEvent).values({ userId, kind: KIND, createdAt: now });
  });
}

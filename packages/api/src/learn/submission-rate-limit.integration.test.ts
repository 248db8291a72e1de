import type { DatabaseHandle } from "@nanoschool/db/client";
import { usageEvent, user } from "@nanoschool/db/schema";
import { createTestDatabase } from "@nanoschool/db/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LearnRateLimitError } from "./errors.ts";
import { SUBMISSIONS_PER_MINUTE, takeSubmissionAllowance } from "./submission-rate-limit.ts";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db
    .insert(user)
    .values(["early", "racer", "other"].map((id) => ({ id, name: id, email: `${id}@example.test` })));
});
afterAll(() => handle?.close());

const countFor = async (userId: string) =>
  (
    await handle.db
      .select()
      .from(usageEvent)
      .where(and(eq(usageEvent.userId, userId), eq(usageEvent.kind, "submission")))
  ).length;

describe("takeSubmissionAllowance", () => {
  it("says to wait until the oldest submission of the last minute is a minute old", async () => {
    const fiftySecondsAgo = new Date(Date.now() - 50_000);
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await handle.db.insert(usageEvent).values([
      ...Array.from({ length: SUBMISSIONS_PER_MINUTE }, () => ({
        userId: "early",
        kind: "submission",
        createdAt: fiftySecondsAgo,
      })),
      // Old events and other kinds do not count.
      { userId: "early", kind: "submission", createdAt: longAgo },
      { userId: "early", kind: "tutor" },
    ]);
    const error = await takeSubmissionAllowance(handle.db, "early").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LearnRateLimitError);
    const wait = (error as LearnRateLimitError).retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(8);
    expect(wait).toBeLessThanOrEqual(11);
    expect((error as Error).message).toContain(`Try again in ${wait} seconds`);
    // Another student is not affected.
    await takeSubmissionAllowance(handle.db, "other");
    expect(await countFor("other")).toBe(1);
  });

  it("gives the last allowance to exactly one of several submissions arriving at once", async () => {
    await handle.db
      .insert(usageEvent)
      .values(
        Array.from({ length: SUBMISSIONS_PER_MINUTE - 1 }, () => ({ userId: "racer", kind: "submission" })),
      );
    // Open several connections first (on Postgres), so the four transactions really overlap.
    await Promise.all(Array.from({ length: 4 }, () => handle.db.execute(sql`select pg_sleep(0.05)`)));
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => takeSubmissionAllowance(handle.db, "racer")),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(LearnRateLimitError);
    }
    expect(await countFor("racer")).toBe(SUBMISSIONS_PER_MINUTE);
  });
});

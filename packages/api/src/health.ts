import { type Database, pingDatabase } from "@nanoschool/db/client";

export type HealthReport = { status: "ok" | "unavailable"; database: "reachable" | "unreachable" };

/** What GET /api/health answers: 200 with the database reachable, 503 when it is not. */
export async function checkHealth(
  db: Database | null,
): Promise<{ httpStatus: 200 | 503; body: HealthReport }> {
  const reachable = db ? await pingDatabase(db) : false;
  return reachable
    ? { httpStatus: 200, body: { status: "ok", database: "reachable" } }
    : { httpStatus: 503, body: { status: "unavailable", database: "unreachable" } };
}

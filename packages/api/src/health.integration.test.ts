import { createTestDatabase } from "@nanoschool/db/testing";
import { describe, expect, it } from "vitest";
import { checkHealth } from "./health.ts";

describe("checkHealth", () => {
  it("answers 200 while the database is reachable and 503 once it is gone", async () => {
    const handle = await createTestDatabase();
    expect(await checkHealth(handle.db)).toEqual({
      httpStatus: 200,
      body: { status: "ok", database: "reachable" },
    });
    await handle.close();
    expect((await checkHealth(handle.db)).httpStatus).toBe(503);
    expect((await checkHealth(null)).body).toEqual({ status: "unavailable", database: "unreachable" });
  });
});

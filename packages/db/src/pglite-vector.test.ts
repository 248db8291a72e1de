import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase, queryRows } from "./client.ts";

// The embedded PGlite always opens with pgvector created: @electric-sql/pglite-pgvector is built for
// one exact PGlite version, so this test is what catches a version bump of one without the other.
describe("PGlite with pgvector", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ memory: true });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("has the vector extension created", async () => {
    const rows = await queryRows<{ extname: string }>(
      handle.db,
      sql`select extname from pg_extension where extname = 'vector'`,
    );
    expect(rows).toEqual([{ extname: "vector" }]);
  });

  it("ranks a real[] cast to vector by cosine distance", async () => {
    const rows = await queryRows<{ id: number; distance: number }>(
      handle.db,
      sql`select id, e::vector <=> '[1,0]'::vector as distance
        from (values (1, array[0,1]::real[]), (2, array[1,0]::real[]), (3, array[1,1]::real[])) as t(id, e)
        order by distance`,
    );
    expect(rows.map((r) => r.id)).toEqual([2, 3, 1]);
    expect(rows[1]!.distance).toBeCloseTo(1 - Math.SQRT1_2, 6);
  });
});

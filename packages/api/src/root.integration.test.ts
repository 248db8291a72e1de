import type { DatabaseHandle } from "@nanoschool/db/client";
import { user } from "@nanoschool/db/schema";
import { createTestDatabase } from "@nanoschool/db/testing";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Auth, createAuth } from "./auth/auth.ts";
import type { SessionUser } from "./auth/session-user.ts";
import { createContextInner, resolveRequestUser } from "./context.ts";
import { createCaller } from "./root.ts";
import { demoAccounts, seedDemoAccounts } from "./seed.ts";

// Routers are called through createCaller on a context built without a request, against PGlite
// (and, in CI's second pass, Postgres).

const student: SessionUser = { id: "s1", name: "Sam", email: "sam@example.com", role: "student" };
const instructor: SessionUser = { id: "i1", name: "Ida", email: "ida@example.com", role: "instructor" };
const admin: SessionUser = { id: "a1", name: "Al", email: "al@example.com", role: "admin" };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

describe("roles", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await handle.db.insert(user).values([student, instructor, admin]);
  });
  afterAll(() => handle?.close());

  const caller = (u: SessionUser | null) => createCaller(createContextInner({ db: handle.db, user: u }));

  it("refuses a signed-out caller with UNAUTHORIZED", async () => {
    expect(await codeOf(caller(null).account.me())).toBe("UNAUTHORIZED");
    expect(await codeOf(caller(null).studio.courses())).toBe("UNAUTHORIZED");
    expect(await codeOf(caller(null).admin.users.list())).toBe("UNAUTHORIZED");
  });

  it("refuses a student calling an instructor or admin procedure with FORBIDDEN", async () => {
    expect(await codeOf(caller(student).studio.courses())).toBe("FORBIDDEN");
    expect(await codeOf(caller(student).admin.users.list())).toBe("FORBIDDEN");
    expect(await codeOf(caller(instructor).admin.users.list())).toBe("FORBIDDEN");
  });

  it("lets each role through its own door", async () => {
    expect(await caller(student).account.me()).toEqual(student);
    expect(await caller(instructor).studio.courses()).toEqual([]);
    expect(await caller(admin).studio.courses()).toEqual([]);
    const users = await caller(admin).admin.users.list();
    expect(users.map((u) => u.email).sort()).toEqual([admin.email, instructor.email, student.email].sort());
  });

  it("lets an admin change a role, and validates the input", async () => {
    expect(await caller(admin).admin.users.setRole({ userId: student.id, role: "instructor" })).toEqual({
      id: student.id,
      role: "instructor",
    });
    await caller(admin).admin.users.setRole({ userId: student.id, role: "student" });
    expect(
      await codeOf(caller(admin).admin.users.setRole({ userId: student.id, role: "god" as "admin" })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(caller(admin).admin.users.setRole({ userId: "nobody", role: "admin" }))).toBe(
      "NOT_FOUND",
    );
  });
});

describe("accounts through better-auth", () => {
  let handle: DatabaseHandle;
  let auth: Auth;
  beforeAll(async () => {
    handle = await createTestDatabase();
    auth = createAuth({ db: handle.db, secret: "x".repeat(40), baseURL: "http://localhost:3000" });
  });
  afterAll(() => handle?.close());

  it("signs up a student, who cannot choose their own role", async () => {
    await auth.api.signUpEmail({
      body: { email: "new@example.com", password: "correct horse", name: "New", role: "admin" } as never,
    });
    const [row] = await handle.db.select().from(user).where(eq(user.email, "new@example.com"));
    expect(row?.role).toBe("student");
  });

  it("signs in with the right password only, and the session cookie resolves to the user", async () => {
    await expect(
      auth.api.signInEmail({ body: { email: "new@example.com", password: "wrong password" } }),
    ).rejects.toThrow();
    const response = await auth.api.signInEmail({
      body: { email: "new@example.com", password: "correct horse" },
      asResponse: true,
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
    const resolved = await resolveRequestUser(handle.db, auth, new Headers({ cookie }));
    expect(resolved).toMatchObject({ email: "new@example.com", role: "student" });
    expect(await resolveRequestUser(handle.db, auth, new Headers())).toBeNull();
  });

  it("seeds the demo accounts once, with their roles, and they can sign in", async () => {
    const accounts = demoAccounts({ student: "student-pass-1", instructor: "instructor-pass-1" });
    expect((await seedDemoAccounts(handle.db, auth, accounts)).created).toHaveLength(2);
    expect((await seedDemoAccounts(handle.db, auth, accounts)).created).toHaveLength(0);
    const rows = await handle.db.select({ email: user.email, role: user.role }).from(user);
    expect(
      rows.filter((r) => r.email.endsWith("@demo.local")).sort((a, b) => a.email.localeCompare(b.email)),
    ).toEqual([
      { email: "instructor@demo.local", role: "instructor" },
      { email: "student@demo.local", role: "student" },
    ]);
    const signIn = await auth.api.signInEmail({
      body: { email: "instructor@demo.local", password: "instructor-pass-1" },
    });
    expect(signIn.user.email).toBe("instructor@demo.local");
  });

  it("authenticates programs by personal API token, and forgets revoked ones", async () => {
    const [row] = await handle.db.select().from(user).where(eq(user.email, "new@example.com"));
    const me = createCaller(createContextInner({ db: handle.db, user: { ...row!, role: "student" } }));
    const created = await me.account.apiTokens.create({ name: "laptop" });
    expect(created.token).toMatch(/^nsk_/);
    const headers = new Headers({ authorization: `Bearer ${created.token}` });
    expect(await resolveRequestUser(handle.db, auth, headers)).toMatchObject({ email: "new@example.com" });
    expect(await me.account.apiTokens.list()).toHaveLength(1);
    await me.account.apiTokens.revoke({ id: created.id });
    expect(await resolveRequestUser(handle.db, auth, headers)).toBeNull();
    expect(await codeOf(me.account.apiTokens.revoke({ id: created.id }))).toBe("NOT_FOUND");
  });
});

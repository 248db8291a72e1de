import type { Database } from "@nanoschool/db/client";
import { userForApiToken } from "./auth/api-tokens.ts";
import type { Auth } from "./auth/auth.ts";
import { type SessionUser, toSessionUser } from "./auth/session-user.ts";

/** What every procedure receives: the database and the signed-in user, if any. */
export type Context = {
  db: Database;
  user: SessionUser | null;
};

/** For tests and server code: a context built without a request (tRPC's createCaller). */
export function createContextInner(options: { db: Database; user?: SessionUser | null }): Context {
  return { db: options.db, user: options.user ?? null };
}

/**
 * For HTTP: the user comes from the session cookie (better-auth) or from an `Authorization: Bearer`
 * personal API token.
 */
export async function resolveRequestUser(
  db: Database,
  auth: Auth,
  headers: Headers,
): Promise<SessionUser | null> {
  const bearer = headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return userForApiToken(db, bearer);
  const session = await auth.api.getSession({ headers });
  return session ? toSessionUser(session.user as Parameters<typeof toSessionUser>[0]) : null;
}

export async function createContextFromRequest(options: {
  db: Database;
  auth: Auth;
  headers: Headers;
}): Promise<Context> {
  return createContextInner({
    db: options.db,
    user: await resolveRequestUser(options.db, options.auth, options.headers),
  });
}

import type { Database } from "@nanoschool/db/client";
import { userForApiToken } from "./auth/api-tokens.ts";
import type { Auth } from "./auth/auth.ts";
import { type SessionUser, toSessionUser } from "./auth/session-user.ts";
import type { GradingServices } from "./learn/submissions.ts";

export type { GradingServices };

/**
 * What every procedure receives: the database, the signed-in user if any, and, on a server that grades,
 * the grading queue (`submissions.submit` answers SERVICE_UNAVAILABLE without it). apps/web passes the
 * same `{ handle, queue }` its grading worker uses: `queue` from @nanoschool/grading/queue's openQueue(handle).
 */
export type Context = {
  db: Database;
  user: SessionUser | null;
  grading?: GradingServices;
};

/** For tests and server code: a context built without a request (tRPC's createCaller). */
export function createContextInner(options: {
  db: Database;
  user?: SessionUser | null;
  grading?: GradingServices;
}): Context {
  return { db: options.db, user: options.user ?? null, grading: options.grading };
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
  grading?: GradingServices;
}): Promise<Context> {
  return createContextInner({
    db: options.db,
    user: await resolveRequestUser(options.db, options.auth, options.headers),
    grading: options.grading,
  });
}

import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@nanoschool/db/client";
import { apiToken, user } from "@nanoschool/db/schema";
import { and, eq, isNull } from "drizzle-orm";
import { type SessionUser, toSessionUser } from "./session-user.ts";

// Personal API tokens let programs call the tutor chat API. The token is shown once; only its
// SHA-256 is stored, so a database leak does not leak usable tokens.

const PREFIX = "nsk_";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createApiToken(db: Database, userId: string, name: string) {
  const token = PREFIX + randomBytes(24).toString("base64url");
  const id = randomBytes(12).toString("hex");
  await db.insert(apiToken).values({ id, userId, name, tokenHash: hashToken(token) });
  return { id, name, token };
}

export async function listApiTokens(db: Database, userId: string) {
  return db
    .select({
      id: apiToken.id,
      name: apiToken.name,
      createdAt: apiToken.createdAt,
      lastUsedAt: apiToken.lastUsedAt,
    })
    .from(apiToken)
    .where(and(eq(apiToken.userId, userId), isNull(apiToken.revokedAt)));
}

export async function revokeApiToken(db: Database, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiToken)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiToken.id, id), eq(apiToken.userId, userId), isNull(apiToken.revokedAt)))
    .returning({ id: apiToken.id });
  return rows.length > 0;
}

/** The user a bearer token belongs to, or null when it is unknown or revoked. */
export async function userForApiToken(db: Database, token: string): Promise<SessionUser | null> {
  if (!token.startsWith(PREFIX)) return null;
  const [row] = await db
    .select({ tokenId: apiToken.id, id: user.id, name: user.name, email: user.email, role: user.role })
    .from(apiToken)
    .innerJoin(user, eq(user.id, apiToken.userId))
    .where(and(eq(apiToken.tokenHash, hashToken(token)), isNull(apiToken.revokedAt)));
  if (!row) return null;
  await db.update(apiToken).set({ lastUsedAt: new Date() }).where(eq(apiToken.id, row.tokenId));
  return toSessionUser(row);
}

import { resolveRequestUser } from "@nanoschool/api/context";
import type { SessionUser } from "@nanoschool/api/session-user";
import { headers } from "next/headers";
import { getServices } from "./services";

/** The signed-in user for a server component, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const requestHeaders = await headers(); // first: it marks the page as rendered per request
  const { handle, auth } = await getServices();
  return resolveRequestUser(handle.db, auth, requestHeaders);
}

import { createContextInner } from "@nanoschool/api/context";
import { createCaller } from "@nanoschool/api/root";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { currentUser } from "./current-user";
import { getServices } from "./services";

/** The tRPC router called directly from a server component, as the signed-in user. */
export async function serverApi() {
  const user = await currentUser();
  const { handle, grading } = await getServices();
  return { api: createCaller(createContextInner({ db: handle.db, user, grading })), user };
}

/** A NOT_FOUND from the router becomes the 404 page, not an error page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

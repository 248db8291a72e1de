import { createContextFromRequest } from "@nanoschool/api/context";
import { appRouter } from "@nanoschool/api/root";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getServices } from "@/server/services";

async function handle(request: Request): Promise<Response> {
  const { handle: db, auth, grading } = await getServices();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContextFromRequest({ db: db.db, auth, headers: request.headers, grading }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}

export { handle as GET, handle as POST };

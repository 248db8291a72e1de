import { accountRouter } from "./routers/account.ts";
import { adminRouter } from "./routers/admin.ts";
import { studioRouter } from "./routers/studio.ts";
import { createCallerFactory, publicProcedure, router } from "./trpc.ts";

export const appRouter = router({
  ping: publicProcedure.query(() => ({ pong: true })),
  account: accountRouter,
  admin: adminRouter,
  studio: studioRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

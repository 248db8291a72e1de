import { accountRouter } from "./routers/account.ts";
import { adminRouter } from "./routers/admin.ts";
import { studioRouter } from "./routers/studio.ts";
import { tutorRouter } from "./routers/tutor.ts";
import { createCallerFactory, publicProcedure, router } from "./trpc.ts";

export const appRouter = router({
  ping: publicProcedure.query(() => ({ pong: true })),
  account: accountRouter,
  admin: adminRouter,
  studio: studioRouter,
  tutor: tutorRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

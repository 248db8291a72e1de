import { accountRouter } from "./routers/account.ts";
import { adminRouter } from "./routers/admin.ts";
import { catalogRouter } from "./routers/catalog.ts";
import { hintsRouter } from "./routers/hints.ts";
import { learnRouter } from "./routers/learn.ts";
import { progressRouter } from "./routers/progress.ts";
import { savedCodeRouter } from "./routers/saved-code.ts";
import { studioRouter } from "./routers/studio.ts";
import { submissionsRouter } from "./routers/submissions.ts";
import { tutorRouter } from "./routers/tutor.ts";
import { createCallerFactory, publicProcedure, router } from "./trpc.ts";

export const appRouter = router({
  ping: publicProcedure.query(() => ({ pong: true })),
  account: accountRouter,
  admin: adminRouter,
  studio: studioRouter,
  catalog: catalogRouter,
  learn: learnRouter,
  progress: progressRouter,
  savedCode: savedCodeRouter,
  hints: hintsRouter,
  submissions: submissionsRouter,
  tutor: tutorRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "../auth/api-tokens.ts";
import { router, signedInProcedure } from "../trpc.ts";

export const accountRouter = router({
  me: signedInProcedure.query(({ ctx }) => ctx.user),

  apiTokens: router({
    list: signedInProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.user.id)),
    create: signedInProcedure
      .input(z.object({ name: z.string().trim().min(1, "Give the token a name").max(80) }))
      .mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.user.id, input.name)),
    revoke: signedInProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
      if (!(await revokeApiToken(ctx.db, ctx.user.id, input.id))) {
        throw new TRPCError({ code: "NOT_FOUND", message: "No such token." });
      }
      return { revoked: true };
    }),
  }),
});

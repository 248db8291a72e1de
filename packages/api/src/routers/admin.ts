import { user, userRole } from "@nanoschool/db/schema";
import { TRPCError } from "@trpc/server";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { adminProcedure, router } from "../trpc.ts";

export const adminRouter = router({
  users: router({
    list: adminProcedure.query(({ ctx }) =>
      ctx.db
        .select({
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          createdAt: user.createdAt,
        })
        .from(user)
        .orderBy(asc(user.createdAt)),
    ),
    setRole: adminProcedure
      .input(z.object({ userId: z.string().min(1), role: z.enum(userRole.enumValues) }))
      .mutation(async ({ ctx, input }) => {
        const rows = await ctx.db
          .update(user)
          .set({ role: input.role, updatedAt: new Date() })
          .where(eq(user.id, input.userId))
          .returning({ id: user.id, role: user.role });
        if (!rows[0]) throw new TRPCError({ code: "NOT_FOUND", message: "No such user." });
        return rows[0];
      }),
  }),
});

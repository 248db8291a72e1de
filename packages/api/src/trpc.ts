import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Context } from "./context.ts";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // Bad input comes back as a list of field messages, never as a stack trace.
    const zod =
      error.cause instanceof ZodError
        ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
        : null;
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, data: { ...data, zodIssues: zod } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

export const publicProcedure = t.procedure;

export const signedInProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to do this." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const instructorProcedure = signedInProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "instructor" && ctx.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only instructors can do this." });
  }
  return next({ ctx });
});

export const adminProcedure = signedInProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin")
    throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this." });
  return next({ ctx });
});

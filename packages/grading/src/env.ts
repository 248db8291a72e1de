import { z } from "zod";

// Where grading runs, read from the environment in this one place (apps/web and apps/grader use it).
const gradingEnvSchema = z.object({
  // "false" keeps the web process from grading even on the embedded database (a grader runs elsewhere).
  GRADER_IN_PROCESS: z.enum(["true", "false", ""]).optional(),
  GRADER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1, { message: "must be at least 1" })
    .max(64, { message: "must be at most 64 (each slot runs sandboxes; size it to the machine's cores)" })
    .default(2),
});

export type GradingEnv = z.infer<typeof gradingEnvSchema>;

export class GradingEnvError extends Error {
  override name = "GradingEnvError";
}

export function readGradingEnv(env: Record<string, string | undefined> = process.env): GradingEnv {
  const parsed = gradingEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const got = env[String(issue.path[0])];
    throw new GradingEnvError(`${issue.path.join(".")} ${issue.message} (got "${got}")`);
  }
  return parsed.data;
}

/**
 * The web process grades in-process on the embedded default (PGlite is single-process: no other process
 * can reach it), unless told not to; on Postgres only when asked, since graders run as their own processes.
 */
export function gradesInWebProcess(env: GradingEnv & { DATABASE_URL?: string | undefined }): boolean {
  if (env.GRADER_IN_PROCESS === "false") return false;
  if (env.GRADER_IN_PROCESS === "true") return true;
  return !env.DATABASE_URL;
}

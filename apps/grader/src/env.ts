import { readDatabaseEnv } from "@nanoschool/db/env";
import { z } from "zod";

// The grader's settings, read from the environment in this one place.
const graderEnvSchema = z.object({
  GRADER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1, { message: "must be at least 1" })
    .max(64, { message: "must be at most 64 (each slot runs sandboxes; size it to the machine's cores)" })
    .default(2),
  GRADER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  // The folder `npm run` was started from, so the CLI resolves --file as the user typed it.
  INIT_CWD: z.string().optional(),
});

export type GraderEnv = z.infer<typeof graderEnvSchema> & ReturnType<typeof readDatabaseEnv>;

export class GraderEnvError extends Error {
  override name = "GraderEnvError";
}

export function readGraderEnv(env: Record<string, string | undefined> = process.env): GraderEnv {
  const parsed = graderEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GraderEnvError(
      `${issue.path.join(".")} ${issue.message} (got "${env[String(issue.path[0])]}")`,
    );
  }
  return { ...parsed.data, ...readDatabaseEnv(env) };
}

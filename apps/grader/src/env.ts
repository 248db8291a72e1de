import { readDatabaseEnv } from "@nanoschool/db/env";
import { readGradingEnv } from "@nanoschool/grading/env";
import { z } from "zod";

// The grader's settings, read from the environment in this one place (GRADER_CONCURRENCY is validated by
// @nanoschool/grading/env, shared with the web process's in-process worker).
const graderEnvSchema = z.object({
  GRADER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  // The folder `npm run` was started from, so the CLI resolves --file as the user typed it.
  INIT_CWD: z.string().optional(),
});

export type GraderEnv = z.infer<typeof graderEnvSchema> &
  ReturnType<typeof readDatabaseEnv> &
  ReturnType<typeof readGradingEnv>;

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
  return { ...parsed.data, ...readDatabaseEnv(env), ...readGradingEnv(env) };
}

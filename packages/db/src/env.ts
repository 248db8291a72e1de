import { z } from "zod";

// The database settings, read from the environment in this one place.
const databaseEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "must start with postgres:// or postgresql:// (or be unset to use the embedded PGlite)",
    }),
  NANOSCHOOL_DATA_DIR: z.string().trim().min(1).optional(),
});

export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

export class DatabaseEnvError extends Error {
  override name = "DatabaseEnvError";
}

export function readDatabaseEnv(env: Record<string, string | undefined> = process.env): DatabaseEnv {
  const parsed = databaseEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DatabaseEnvError(`${issue.path.join(".")} ${issue.message}`);
  }
  return parsed.data;
}

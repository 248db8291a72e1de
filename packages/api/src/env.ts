import { z } from "zod";

// Settings for accounts and the demo seed, read from the environment in this one place.
const authEnvSchema = z.object({
  BETTER_AUTH_SECRET: z
    .string({ message: "is missing: run `npm run setup` to create .env, or set it to 32+ random characters" })
    .min(32, "must be at least 32 characters (try: openssl rand -hex 32)"),
  BETTER_AUTH_URL: z
    .url("must be the app's public URL, e.g. http://localhost:3000")
    .default("http://localhost:3000"),
});

const seedEnvSchema = z.object({
  DEMO_STUDENT_PASSWORD: z.string().min(8, "must be at least 8 characters").default("learn-llm101n"),
  DEMO_INSTRUCTOR_PASSWORD: z.string().min(8, "must be at least 8 characters").default("teach-llm101n"),
});

export type AuthEnv = z.infer<typeof authEnvSchema>;
export type SeedEnv = z.infer<typeof seedEnvSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

function parse<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ConfigError(`${issue.path.join(".")} ${issue.message}`);
}

export const readAuthEnv = (env: Record<string, string | undefined> = process.env): AuthEnv =>
  parse(authEnvSchema, env);
export const readSeedEnv = (env: Record<string, string | undefined> = process.env): SeedEnv =>
  parse(seedEnvSchema, env);

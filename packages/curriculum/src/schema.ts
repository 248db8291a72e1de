import { z } from "zod";

// The YAML documents of the course format (FORMAT.md). Every object is strict: a misspelt field is an
// error, not a silently ignored setting.

export const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebabId = z
  .string()
  .regex(kebabCase, "must be kebab-case (lowercase letters, digits and single dashes)");
const nonEmpty = z.string().trim().min(1, "must not be empty");

export const courseYamlSchema = z.strictObject({
  id: kebabId,
  title: nonEmpty,
  summary: nonEmpty,
  chapters: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a chapter folder name such as 01-bigram"))
    .min(1, "must list at least one chapter folder")
    .refine((list) => new Set(list).size === list.length, "must not list a chapter twice"),
});
export type CourseYaml = z.infer<typeof courseYamlSchema>;

export const lessonFrontMatterSchema = z.strictObject({
  title: nonEmpty,
  summary: nonEmpty,
  estimatedMinutes: z.number().int().positive().optional(),
});
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;

export const defaultLimits = { timeMs: 10_000, memoryMiB: 128 } as const;

export const hiddenTestSchema = z.strictObject({
  weight: z.number().positive("must be greater than 0"),
  message: nonEmpty,
});

export const exerciseYamlSchema = z.strictObject({
  id: kebabId,
  title: nonEmpty,
  section: kebabId,
  points: z.number().int().positive(),
  prompt: nonEmpty,
  hints: z.array(nonEmpty).min(3, "needs three or more hints, from a nudge to nearly the answer"),
  limits: z
    .strictObject({
      timeMs: z.number().int().positive().default(defaultLimits.timeMs),
      memoryMiB: z.number().int().positive().default(defaultLimits.memoryMiB),
    })
    .default({ ...defaultLimits }),
  tests: z.record(z.string().min(1), hiddenTestSchema),
  dependsOn: z
    .array(
      z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/, "must look like <chapter>/<exercise>"),
    )
    .default([]),
});
export type ExerciseYaml = z.infer<typeof exerciseYamlSchema>;

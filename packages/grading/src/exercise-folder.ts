// Reads one exercise folder of the course files (exercise.yaml, starter.ts, solution.ts,
// visible.test.ts, hidden.test.ts) as the exercise contract describes it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { ExerciseFolderError } from "./errors.ts";
import type { GradableExercise } from "./types.ts";

const exerciseYaml = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  section: z.string().optional(),
  points: z.number().positive(),
  prompt: z.string().default(""),
  hints: z.array(z.string()).default([]),
  limits: z
    .object({
      timeMs: z.number().int().positive().default(10_000),
      memoryMiB: z.number().int().positive().default(128),
    })
    .default({ timeMs: 10_000, memoryMiB: 128 }),
  tests: z.record(z.string(), z.object({ weight: z.number().positive().default(1), message: z.string() })),
  dependsOn: z.array(z.string()).default([]),
});

export type ExerciseFolder = GradableExercise & {
  title: string;
  sectionId: string | undefined;
  prompt: string;
  hints: string[];
  dependsOn: string[];
  starterCode: string;
};

async function readText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(path.join(dir, file), "utf8");
  } catch {
    throw new ExerciseFolderError(`${path.join(dir, file)}: missing. Every exercise folder needs ${file}.`);
  }
}

/** `key` is "<chapter>/<exercise>"; `dir` the folder holding the exercise's files. */
export async function readExerciseFolder(dir: string, key: string): Promise<ExerciseFolder> {
  const yamlFile = path.join(dir, "exercise.yaml");
  const parsed = exerciseYaml.safeParse(parse(await readText(dir, "exercise.yaml")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExerciseFolderError(`${yamlFile}: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  const meta = parsed.data;
  const [starterCode, solutionCode, visibleTests, hiddenTests] = await Promise.all(
    ["starter.ts", "solution.ts", "visible.test.ts", "hidden.test.ts"].map((f) => readText(dir, f)),
  );
  return {
    key,
    title: meta.title,
    sectionId: meta.section,
    prompt: meta.prompt,
    hints: meta.hints,
    points: meta.points,
    limits: meta.limits,
    tests: meta.tests,
    dependsOn: meta.dependsOn,
    starterCode: starterCode!,
    solutionCode: solutionCode!,
    visibleTests: visibleTests!,
    hiddenTests: hiddenTests!,
  };
}

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Exercise, SourceFile } from "./model.ts";
import type { ProblemCollector } from "./problems.ts";
import { exerciseYamlSchema } from "./schema.ts";
import { checkTypeScriptSyntax, findImports, findProbes } from "./typescript-source.ts";
import { parseYaml } from "./yaml-document.ts";

export const exerciseFiles = {
  yaml: "exercise.yaml",
  starter: "starter.ts",
  solution: "solution.ts",
  visibleTests: "visible.test.ts",
  hiddenTests: "hidden.test.ts",
} as const;

/** An exercise as read from its folder, before the course-wide checks (section, placement, dependsOn). */
export type LoadedExercise = Omit<Exercise, "position"> & {
  /** Lines in exercise.yaml of fields the course-wide checks point at. */
  lines: { section: number; dependsOn: (index: number) => number };
};

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

const tensorImport = /^@nanoschool\/tensor(\/[a-z-]+)?$/;
const exerciseImport = /^@exercise\/([a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*)$/;

/** Loads one exercise folder; returns undefined (after reporting why) when it cannot be used. */
export async function loadExercise(
  chapter: string,
  dir: string,
  problems: ProblemCollector,
): Promise<LoadedExercise | undefined> {
  const folder = path.basename(dir);
  const texts: Partial<Record<keyof typeof exerciseFiles, string>> = {};
  for (const [role, name] of Object.entries(exerciseFiles) as [keyof typeof exerciseFiles, string][]) {
    const text = await readOptional(path.join(dir, name));
    if (text === undefined) {
      problems.add(
        path.join(dir, name),
        1,
        `missing file: every exercise folder needs ${Object.values(exerciseFiles).join(", ")}`,
      );
    } else {
      texts[role] = text;
    }
  }
  const yamlFile = path.join(dir, exerciseFiles.yaml);
  const parsed =
    texts.yaml === undefined
      ? undefined
      : parseYaml(
          texts.yaml,
          exerciseYamlSchema,
          { file: yamlFile, firstLine: 1, what: "exercise.yaml" },
          problems,
        );
  if (parsed?.data && parsed.data.id !== folder) {
    problems.add(
      yamlFile,
      parsed.lineOf(["id"]),
      `id "${parsed.data.id}" must equal the folder name "${folder}"`,
    );
  }

  const sources: Partial<Record<keyof typeof exerciseFiles, SourceFile>> = {};
  for (const role of ["starter", "solution", "visibleTests", "hiddenTests"] as const) {
    const text = texts[role];
    if (text === undefined) continue;
    const file = path.join(dir, exerciseFiles[role]);
    checkTypeScriptSyntax(text, file, 1, problems);
    sources[role] = { file, source: text };
  }
  const { starter, solution, visibleTests, hiddenTests } = sources;
  const probes = hiddenTests ? findProbes(hiddenTests.source, hiddenTests.file, problems) : [];
  if (!parsed?.data || !starter || !solution || !visibleTests || !hiddenTests) return undefined;
  const data = parsed.data;

  // Probes and exercise.yaml `tests` must name the same set: a probe without a weight and message could
  // not be scored or explained; a weight without a probe would never be earned.
  const seen = new Set<string>();
  for (const probe of probes) {
    if (seen.has(probe.name))
      problems.add(
        hiddenTests.file,
        probe.line,
        `probe "${probe.name}" is declared twice; probe names must be unique`,
      );
    seen.add(probe.name);
    if (!(probe.name in data.tests)) {
      problems.add(
        hiddenTests.file,
        probe.line,
        `probe "${probe.name}" has no entry in exercise.yaml \`tests\`; add it with a weight and a message`,
      );
    }
  }
  for (const name of Object.keys(data.tests)) {
    if (!seen.has(name)) {
      problems.add(
        yamlFile,
        parsed.lineOf(["tests", name]),
        `tests entry "${name}" has no probe of that name in hidden.test.ts`,
      );
    }
  }
  if (probes.length === 0)
    problems.add(hiddenTests.file, 1, "hidden.test.ts declares no probe: the exercise could not be graded");

  checkImports(starter, data.dependsOn, "solution and starter", problems);
  checkImports(solution, data.dependsOn, "solution and starter", problems);

  return {
    key: `${chapter}/${folder}`,
    id: folder,
    chapter,
    dir,
    file: yamlFile,
    title: data.title,
    sectionId: data.section,
    points: data.points,
    prompt: data.prompt,
    hints: data.hints,
    limits: data.limits,
    tests: data.tests,
    dependsOn: data.dependsOn,
    starter,
    solution,
    visibleTests,
    hiddenTests,
    probes,
    lines: { section: parsed.lineOf(["section"]), dependsOn: (index) => parsed.lineOf(["dependsOn", index]) },
  };
}

function checkImports(
  file: SourceFile,
  dependsOn: readonly string[],
  what: string,
  problems: ProblemCollector,
): void {
  for (const { specifier, line } of findImports(file.source)) {
    if (tensorImport.test(specifier)) continue;
    const match = exerciseImport.exec(specifier);
    if (match) {
      if (!dependsOn.includes(match[1]!)) {
        problems.add(
          file.file,
          line,
          `imports "${specifier}" but exercise.yaml \`dependsOn\` does not list "${match[1]}"; add it there`,
        );
      }
      continue;
    }
    problems.add(
      file.file,
      line,
      `cannot import "${specifier}": the ${what} may import only @nanoschool/tensor (and its subpaths) and @exercise/<chapter>/<exercise>`,
    );
  }
}

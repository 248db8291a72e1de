import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerSandbox, type ServerSandbox } from "../server/sandbox.ts";

// useExercise() is runtime code, so it is tested where it runs: in a real isolate, through runCells.
// The browser runner sends the same job (see browser-sandbox.test.ts).

let sandbox: ServerSandbox;
beforeAll(async () => {
  sandbox = createServerSandbox({ size: 1 });
  await sandbox.warm();
});
afterAll(() => sandbox.close());

const title = "Build the context-window dataset";
const working = `export function buildDataset(words: string[], k: number) {
  return { X: words.map((w) => w.slice(0, k)), Y: words.length };
}
export const blockSizeHint = 3;`;
const starter = `export function buildDataset(words: string[], k: number): { X: string[]; Y: number } {
  throw new Error("TODO: build the dataset");
}`;

const run = (cells: string[], source: string, reference = false) =>
  sandbox.runCells({
    cells,
    exercises: { "03-mlp/build-dataset": { source, title, reference } },
  });

describe("useExercise in cells", () => {
  it("gives a cell the exercise's exports, by its id or its full key, and later cells see them", async () => {
    const { cells } = await run(
      [
        'const { buildDataset, blockSizeHint } = await useExercise("build-dataset");\nconst all = buildDataset(["emma", "ava"], 2);',
        'const again = await useExercise("03-mlp/build-dataset");\nprint(all.X.join(","), all.Y, blockSizeHint, again.buildDataset(["x"], 1).Y);',
      ],
      working,
    );
    expect(cells.map((c) => c.status)).toEqual(["ok", "ok"]);
    expect(cells[1]!.outputs).toEqual([{ kind: "text", stream: "log", text: "em,av 2 3 1" }]);
  });

  it("says which exercise to fix when the student's code throws, with the cell's line", async () => {
    const { cells } = await run(
      [
        'const { buildDataset } = await useExercise("build-dataset");\nconst all = buildDataset(["emma"], 3);',
      ],
      starter,
    );
    expect(cells[0]!.status).toBe("error");
    expect(cells[0]!.error?.message).toBe(
      `Error: This cell uses your buildDataset from the exercise "${title}" above: make its visible tests ` +
        "pass first (hints are there), then run this cell again. Your buildDataset threw: " +
        "Error: TODO: build the dataset (line 2 of your code)",
    );
    expect(cells[0]!.error?.line).toBe(2);
  });

  it("explains an async export's rejection and a class whose constructor throws", async () => {
    const source = `export async function later() { throw new Error("not yet"); }
export class Model { constructor() { throw new Error("no model"); } }`;
    const { cells } = await run(
      [
        'const { later, Model } = await useExercise("build-dataset");\ntry { await later(); } catch (e) { print(String(e)); }\nnew Model();',
      ],
      source,
    );
    expect(cells[0]!.outputs[0]).toMatchObject({
      text: expect.stringContaining('your later from the exercise "Build the context-window dataset"'),
    });
    expect(cells[0]!.error?.message).toContain("Your Model threw: Error: no model (line 2 of your code)");
  });

  it("explains code that does not compile, and an error thrown from a method it returned", async () => {
    const broken = await run(['await useExercise("build-dataset");'], "export function buildDataset( {");
    expect(broken.cells[0]!.error?.message).toMatch(
      /^Error: This cell uses your code from the exercise "Build the context-window dataset" above: .* That code does not load: SyntaxError: .*line 1/,
    );
    const method = await run(
      ['const { make } = await useExercise("build-dataset");\nmake().step();'],
      'export function make() { return { step() { throw new Error("step is TODO"); } }; }',
    );
    expect(method.cells[0]!.error?.message).toContain(
      'your code from the exercise "Build the context-window dataset" above',
    );
    expect(method.cells[0]!.error?.message).toContain("Error: step is TODO");
  });

  it("names the reference in the course check, and lists the exercises for an unknown id", async () => {
    const reference = await run(
      ['const { buildDataset } = await useExercise("build-dataset");\nbuildDataset([], 3);'],
      starter,
      true,
    );
    expect(reference.cells[0]!.error?.message).toContain(
      'This cell uses the reference buildDataset of the exercise "Build the context-window dataset" above',
    );
    const unknown = await run(['await useExercise("build-datasets");'], working);
    expect(unknown.cells[0]!.error?.message).toBe(
      'Error: no exercise "build-datasets" for this cell to use; this chapter\'s exercises are: 03-mlp/build-dataset',
    );
  });

  it("lets one exercise import another as @exercise/<chapter>/<exercise>", async () => {
    const { cells } = await sandbox.runCells({
      cells: ['const { twice } = await useExercise("twice");\nprint(twice(21));'],
      exercises: {
        "04-attention/base": { source: "export const one = (x: number) => x;", title: "Base" },
        "04-attention/twice": {
          source:
            'import { one } from "@exercise/04-attention/base";\nexport const twice = (x: number) => 2 * one(x);',
          title: "Twice",
        },
      },
    });
    expect(cells[0]!.outputs).toEqual([{ kind: "text", stream: "log", text: "42" }]);
  });
});

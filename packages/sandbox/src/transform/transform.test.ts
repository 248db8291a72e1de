import { describe, expect, it } from "vitest";
import { transformCell, transformModule } from "./transform.ts";

describe("transformModule", () => {
  it("strips types and turns imports into require calls on the same lines", () => {
    const result = transformModule(
      'import { tensor } from "@nanoschool/tensor";\nimport type { Tensor } from "@nanoschool/tensor";\nexport const t: Tensor = tensor([1]);\n',
      "submission.ts",
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lines = result.code.split("\n");
    expect(lines[0]).toContain("require('@nanoschool/tensor')");
    expect(lines[2]).toContain("_tensor.tensor");
    expect(result.code).not.toContain(": Tensor");
  });

  it("reports a syntax error at the student's own line and column", () => {
    const result = transformModule("const a = 1;\nconst b = (;\n", "submission.ts");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ file: "submission.ts", line: 2, column: 12 });
    expect(result.error.message).toMatch(/^Unexpected token\. Check the syntax near line 2, column 12\.$/);
  });
});

describe("transformCell", () => {
  it("lists the names a cell declares at its top level, and only those", () => {
    const result = transformCell(
      "const a = 1, { b, c: d } = { b: 2, c: 3 };\nlet [e, ...f] = [1];\nfunction g(x: number) { const inner = x; return inner; }\nclass H {}\nif (a) { const block = 1; }\ntype T = number;\nconst data = await Promise.resolve(1);\n",
      "cell-1.ts",
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.names.sort()).toEqual(["H", "a", "b", "d", "data", "e", "f", "g"]);
  });
});

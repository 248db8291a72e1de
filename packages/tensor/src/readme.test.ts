// The README's example must keep working: run its first ```ts block and check what it prints.
import { describe, expect, it } from "vitest";
import readme from "../README.md?raw";
import * as tensorModule from "./index.ts";
import * as nn from "./nn/index.ts";
import * as optim from "./optim/index.ts";

describe("README", () => {
  it("its MLP example trains to 100% accuracy", () => {
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    // Imports become parameters of a function; the rest is plain JavaScript (no type annotations).
    const body = code!.replace(/^import .*$/gm, "");
    const scope = { ...tensorModule, ...nn, ...optim };
    const printed: string[] = [];
    const run = new Function(
      "scope",
      "console",
      `const { ${Object.keys(scope).join(", ")} } = scope;\n${body}`,
    );
    run(scope, { log: (line: string) => printed.push(line) });
    expect(printed[0]).toMatch(/^step 0: loss 0\.\d+$/);
    expect(printed.at(-1)).toBe("accuracy 100.0%");
  });
});

import { describe, expect, it } from "vitest";
import { codeTokens } from "./code-tokens.ts";
import { createSolutionGuard, MAX_SECRET_RUN } from "./leak-check.ts";
import {
  fixtureSolution,
  fixtureStarter,
  fixtureVisibleTests,
  SOLUTION_MARKER,
} from "./testing/fixture-course.ts";

const prompt = "Implement `countBigrams(words: string[]): Map<string, number>`.";
const lessonCode =
  "const N = zeros([27, 27]);\nfor (const name of names) {\n  const chars = ['.', ...name];\n}";
const guard = createSolutionGuard(fixtureSolution, [fixtureStarter, fixtureVisibleTests, prompt, lessonCode]);

describe("codeTokens", () => {
  it("drops comments and whitespace and reads Markdown inline code as code", () => {
    expect(codeTokens("// note\nconst a = `b` + 1; /* x */")).toEqual([
      "const",
      "a",
      "=",
      "b",
      "+",
      "1",
      ";",
    ]);
    expect(codeTokens('x.get("ab") ?? 0')).toEqual(["x", ".", "get", "(", '"ab"', ")", "?", "?", "0"]);
  });
});

describe("the output check", () => {
  const leaks: Record<string, string> = {
    "the whole solution in a fence": "Here you go:\n```ts\n" + fixtureSolution + "\n```",
    "the whole solution without comments, on one line": fixtureSolution
      .replace(/\/\/.*\n/g, "")
      .replace(/\s+/g, " "),
    "the solution with every variable renamed": fixtureSolution
      .replace(/counts/g, "tally")
      .replace(/pair/g, "bg")
      .replace(/chars/g, "cs")
      .replace(/word\b/g, "w"),
    "the counting line alone": "Use `counts.set(pair, (counts.get(pair) ?? 0) + 1);` in the loop.",
    "the pair-building lines": "const pair = chars[i]! + chars[i + 1]!;",
    "the inner loop header": "for (let i = 0; i + 1 < chars.length; i++) {",
    "the padded word": 'const chars = [".", ...word.split(""), "."];',
    "the first half of the body": fixtureSolution.split("\n").slice(0, 6).join("\n"),
  };
  for (const [name, answer] of Object.entries(leaks)) {
    it(`catches ${name}`, () => {
      expect(guard.check(answer).leaked).toBe(true);
    });
  }

  const fine: Record<string, string> = {
    "a tutoring answer with no code":
      "Think about what pairs 'emma' has once you add a start and an end marker [counting].",
    "the starter's signature":
      "Your function is `export function countBigrams(words: string[]): Map<string, number>`.",
    "a visible test": "The visible test does:\n```ts\n" + fixtureVisibleTests + "\n```",
    "the lesson's own code": "The lesson wrote:\n```ts\n" + lessonCode + "\n```",
    "a generic loop idiom": "You could loop with `for (const word of words) {` and keep a `Map`.",
    "a loop header": "A counting loop looks like `for (let i = 0; i < n; i++) {`.",
    "the declaration the return type implies": "Start from `const counts = new Map<string, number>();`.",
  };
  for (const [name, answer] of Object.entries(fine)) {
    it(`lets ${name} through`, () => {
      const verdict = guard.check(answer);
      expect(verdict.leaked).toBe(false);
      expect(verdict.longestSecretRun).toBeLessThan(MAX_SECRET_RUN);
    });
  }

  it("catches a comment the author wrote in the solution, but not one the starter shows too", () => {
    const commented = createSolutionGuard(
      "// walk the padded word two characters at a time\n// Count each pair of neighbouring characters; x\nexport const f = 1;",
      ["// Count each pair of neighbouring characters; x"],
    );
    expect(commented.check("Hint: walk the padded   word two characters at a time.").secretComment).toBe(
      true,
    );
    expect(commented.check("Count each pair of neighbouring characters; x").leaked).toBe(false);
    expect(guard.check(`// ${SOLUTION_MARKER}`).leaked).toBe(true);
  });

  it("treats the student's own code as public: echoing it back is no leak", () => {
    const studentCode = fixtureSolution.replace(SOLUTION_MARKER, "mine");
    const withStudentCode = createSolutionGuard(fixtureSolution, [fixtureStarter, studentCode]);
    expect(withStudentCode.check("Your code:\n```ts\n" + studentCode + "\n```").leaked).toBe(false);
    expect(guard.check("Your code:\n```ts\n" + studentCode + "\n```").leaked).toBe(true);
  });
});

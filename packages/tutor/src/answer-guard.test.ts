import { describe, expect, it } from "vitest";
import { AnswerGuard } from "./answer-guard.ts";
import { createSolutionGuard } from "./leak-check.ts";
import { fixtureSolution, fixtureStarter } from "./testing/fixture-course.ts";

const solutionGuard = createSolutionGuard(fixtureSolution, [fixtureStarter]);

function streamThrough(answer: string, size: number) {
  const guard = new AnswerGuard(solutionGuard);
  const released: string[] = [];
  for (let i = 0; i < answer.length; i += size) {
    const out = guard.push(answer.slice(i, i + size));
    if (out) released.push(out);
  }
  const rest = guard.finish();
  if (rest) released.push(rest);
  return { guard, released: released.join("") };
}

describe("AnswerGuard", () => {
  it("releases prose word by word and a code block once it closes", () => {
    const answer = "Think about the pairs.\n```ts\nconst x = 1;\n```\nWhat do you get for 'emma'?";
    const guard = new AnswerGuard(solutionGuard);
    expect(guard.push("Think ab")).toBe("Think "); // up to the last word boundary
    expect(guard.push("out the pairs.\n```ts\nconst")).toBe("about the pairs.\n");
    expect(guard.push(" x = 1;\n")).toBe(""); // inside an open fence: held back
    expect(guard.push("``")).toBe(""); // a line starting with a backtick may open or close a fence
    expect(guard.push("`\nWhat")).toBe("```ts\nconst x = 1;\n```\n");
    expect(guard.push(" do you get for 'emma'?")).toBe("What do you get for ");
    expect(guard.finish()).toBe("'emma'?");
    expect(guard.text).toBe(answer);
    expect(guard.leaked).toBe(false);
  });

  it("holds a line with code in it until the line is complete and checked", () => {
    const guard = new AnswerGuard(solutionGuard);
    expect(guard.push("Try this: `counts.set(pa")).toBe("");
    expect(guard.push("ir, (counts.get(pair) ?? 0) + 1);`\nOk?")).toBe("");
    expect(guard.leaked).toBe(true);
    expect(guard.text).toBe("");
  });

  it("never releases a line of a fenced solution, whatever the chunk size", () => {
    const answer = "Sure! Here it is:\n```ts\n" + fixtureSolution + "```\nGood luck.";
    for (const size of [1, 3, 16, 1000]) {
      const { guard, released } = streamThrough(answer, size);
      expect(guard.leaked).toBe(true);
      // Only the prose before the fence can have gone out (nothing at all if it came in one chunk).
      expect("Sure! Here it is:\n".startsWith(released)).toBe(true);
      expect(released).not.toContain("counts.set");
    }
  });

  it("stops an unfenced solution before the leaking line goes out", () => {
    const answer = "Write this:\n" + fixtureSolution;
    const { guard, released } = streamThrough(answer, 5);
    expect(guard.leaked).toBe(true);
    expect(solutionGuard.check(released).leaked).toBe(false);
    expect(released).not.toContain("counts.set(pair");
  });
});

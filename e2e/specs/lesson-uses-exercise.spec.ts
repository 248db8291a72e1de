import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";

// A cell below an exercise runs on the student's own code for it (useExercise): with the starter it says
// which exercise to finish; after the student writes the function (no submission needed), it runs on it.

const course = path.resolve(import.meta.dirname, "../../curriculum/llm101n/01-bigram");
const solution = readFileSync(path.join(course, "exercises/count-bigrams/solution.ts"), "utf8");

async function replaceEditorText(page: Page, editor: ReturnType<Page["locator"]>, text: string) {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await editor.locator(".monaco-editor").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
}

async function run(cell: ReturnType<Page["locator"]>) {
  await cell.scrollIntoViewIfNeeded(); // editors mount when their cell nears the screen
  await cell.locator(".monaco-editor").waitFor({ timeout: 60_000 });
  await cell.getByRole("button", { name: "Run", exact: true }).click();
}

test("a cell below an exercise runs on the student's current code for it", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/learn/llm101n/01-bigram");
  await expect(page.getByTestId("lesson")).toBeVisible();

  await run(page.locator('[data-cell="01-bigram#load-names"]'));
  await expect(page.locator('[data-cell="01-bigram#load-names"] .ns-out-text').first()).toContainText(
    "names; the first ten",
    { timeout: 30_000 },
  );

  // The starter throws "TODO": the cell says which exercise to finish, in plain words.
  const counts = page.locator('[data-cell="01-bigram#count-map"]');
  await run(counts);
  await expect(counts).toContainText(
    'This cell uses your countBigrams from the exercise "Count the bigrams" above: make its visible tests pass first (hints are there)',
    { timeout: 30_000 },
  );

  // The student writes the function in the exercise's editor; running the cell again uses it at once.
  const exercise = page.locator("#exercise-count-bigrams");
  await exercise.scrollIntoViewIfNeeded();
  await exercise.locator(".monaco-editor").waitFor({ timeout: 60_000 });
  await replaceEditorText(page, exercise, solution);
  await run(counts);
  await expect(counts.locator(".ns-outputs")).toContainText("361 different bigrams, 24820 in all", {
    timeout: 30_000,
  });
  await expect(counts.locator(".ns-outputs")).not.toContainText("This cell uses your");
});

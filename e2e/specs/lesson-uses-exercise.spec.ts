import { expect, type Page, test } from "@playwright/test";
import { courseFile, replaceEditorText } from "../support/editor.ts";

// A cell below an exercise runs on the student's own code for it (useExercise): with the starter it says
// which exercise to finish; after the student writes the function (no submission needed), it runs on it.

const solution = courseFile("01-bigram/exercises/count-bigrams/solution.ts");

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

import { expect, test } from "@playwright/test";
import { courseFile, replaceEditorText } from "../support/editor.ts";

// The student's day: sign up, open chapter 1, run a cell and see its output and a plot, edit and rerun,
// submit a failing then a passing solution and see the score change, reload and find it all kept.

const solution = courseFile("01-bigram/exercises/count-bigrams/solution.ts");

test("a new student learns, runs, submits and finds their work kept", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Grace Hopper");
  await page.getByLabel("Email").fill(`grace-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("compiler-1952");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("current-user")).toContainText("Grace Hopper");

  await page
    .getByRole("link", { name: /bigram/i })
    .first()
    .click();
  await expect(page.getByTestId("lesson")).toBeVisible();
  await expect(page.locator(".katex").first()).toBeVisible();

  // Run the first cell: text output and a bar chart.
  const cell = page.locator('[data-cell="01-bigram#load-names"]');
  await cell.locator(".monaco-editor").waitFor({ timeout: 60_000 });
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell.locator(".ns-out-text").first()).toContainText("names; the first ten", {
    timeout: 30_000,
  });
  await expect(cell.locator(".ns-plot canvas")).toBeVisible();
  await cell.locator(".ns-plot").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "artifacts/lesson-page.png", fullPage: false });

  // Edit and rerun.
  await cell.locator(".monaco-editor").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText('\nprint("edited by Grace");\n');
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell.locator(".ns-outputs")).toContainText("edited by Grace", { timeout: 30_000 });

  // Submit the starter: it fails.
  const exercise = page.locator("#exercise-count-bigrams");
  await exercise.scrollIntoViewIfNeeded();
  await exercise.locator(".monaco-editor").waitFor({ timeout: 60_000 });
  await exercise.getByRole("button", { name: "Submit" }).click();
  const result = exercise.getByTestId("submission-result");
  await expect(result).toHaveAttribute("data-status", "failed", { timeout: 60_000 });
  // The starter throws on any word, so only the edge case of no words can pass: a low, partial score.
  await expect(exercise.getByTestId("exercise-score")).toContainText(/\d+(\.\d+)? \/ 10 points/);
  await expect(exercise.getByTestId("exercise-score")).not.toContainText("10 / 10 points");

  // Run the visible tests in the browser, then submit a correct solution: it passes.
  await replaceEditorText(page, exercise, solution);
  await exercise.getByRole("button", { name: "Run visible tests" }).click();
  await expect(exercise.getByTestId("visible-results")).toContainText("counts the five bigrams", {
    timeout: 30_000,
  });
  await expect(exercise.getByTestId("visible-results").locator(".test-failed")).toHaveCount(0);
  await exercise.getByRole("button", { name: "Submit" }).click();
  await expect(result).toHaveAttribute("data-status", "passed", { timeout: 60_000 });
  await expect(exercise.getByTestId("exercise-score")).toContainText("10 / 10 points");
  await exercise.screenshot({ path: "artifacts/exercise-result.png" });

  // Reload: the edits and the progress are kept.
  await page.waitForTimeout(1500); // the editor saves a moment after typing stops
  await page.reload();
  await expect(page.locator('[data-cell="01-bigram#load-names"]')).toContainText("edited by Grace");
  await expect(page.locator("#exercise-count-bigrams")).toContainText("counts.set(pair");
  await expect(page.locator("#exercise-count-bigrams").getByTestId("exercise-score")).toContainText(
    "10 / 10 points",
  );
  await page.goto("/dashboard");
  await expect(page.getByText(/exercises passed 1\//)).toBeVisible();
});

test("a lesson that does not exist is a 404 page", async ({ page }) => {
  const response = await page.goto("/learn/llm101n/99-nothing-here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

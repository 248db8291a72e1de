import { expect, test } from "@playwright/test";

// The cell editor knows the tensor runtime: `x.` lists Tensor's methods and a wrong call is underlined.
test("the cell editor completes tensor methods and underlines wrong calls", async ({ page }) => {
  await page.goto("/learn/llm101n/01-bigram");
  const cell = page.locator('[data-cell="01-bigram#emma-bigrams"]');
  await cell.scrollIntoViewIfNeeded(); // editors mount when their cell nears the screen
  await cell.locator(".monaco-editor").waitFor({ timeout: 60_000 });
  await cell.locator(".monaco-editor").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("\nconst probe = randn([2, 3]);\nprobe.");
  await page.keyboard.press("Control+Space");
  const suggestions = page.locator(".suggest-widget");
  await expect(suggestions).toContainText("backward", { timeout: 30_000 });
  await page.keyboard.press("Escape");
  await page.keyboard.insertText("matm"); // the list is virtual: narrow it to the method we look for
  await page.keyboard.press("Control+Space");
  await expect(suggestions).toContainText("matmul", { timeout: 30_000 });
  await page.keyboard.press("Escape");
  await page.keyboard.insertText("ull(probe);");
  await expect(cell.locator(".squiggly-error").first()).toBeVisible({ timeout: 30_000 });
});

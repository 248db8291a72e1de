import { expect, test } from "@playwright/test";

// With no language model configured (the embedded default), the tutor still answers from the course,
// labelled as retrieval only, citing sections that link back into the lesson.
test("the tutor answers beside the lesson, citing sections", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("student@demo.local");
  await page.getByLabel("Password").fill(process.env.DEMO_STUDENT_PASSWORD ?? "learn-llm101n");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText("Demo Student");

  await page.goto("/learn/llm101n/01-bigram");
  await page.getByRole("button", { name: "Ask the tutor" }).click();
  const tutor = page.getByRole("complementary", { name: "Tutor" });
  await tutor.getByLabel("Your question").fill("How do I sample a name from the bigram probabilities?");
  await tutor.getByRole("button", { name: "Ask" }).click();
  await expect(tutor.getByText("retrieval only: no language model configured")).toBeVisible({
    timeout: 30_000,
  });
  const citation = tutor.locator(".tutor-citations a").first();
  await expect(citation).toHaveAttribute("href", /^\/learn\/llm101n\/[0-9a-z-]+#[0-9a-z-]+$/);
  await page.screenshot({ path: "artifacts/tutor-panel.png" });
});

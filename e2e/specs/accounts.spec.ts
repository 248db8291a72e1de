import { expect, test } from "@playwright/test";

test("a new student signs up, sees their name and role, signs out and back in", async ({ page }) => {
  const email = `ada-${Date.now()}@example.com`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("analytical-engine");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("current-user")).toContainText("Ada Lovelace");
  await expect(page.getByTestId("current-user")).toContainText("student");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/invalid email or password/i)).toBeVisible();

  await page.getByLabel("Password").fill("analytical-engine");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText("Ada Lovelace");
});

test("the demo instructor signs in and the account page shows the role", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("instructor@demo.local");
  await page.getByLabel("Password").fill(process.env.DEMO_INSTRUCTOR_PASSWORD ?? "teach-llm101n");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText("instructor");
  await page.goto("/account");
  await expect(page.getByTestId("account-role")).toHaveText("instructor");
  await page.screenshot({ path: "artifacts/account-page.png", fullPage: true });
});

test("health answers 200 with the database reachable", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "reachable" });
});

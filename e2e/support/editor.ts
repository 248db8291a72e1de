import { readFileSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";

const courseDir = path.resolve(import.meta.dirname, "../../curriculum/llm101n");

/** A file of the course, e.g. an exercise's reference solution to paste as a student's answer. */
export function courseFile(relative: string): string {
  return readFileSync(path.join(courseDir, relative), "utf8");
}

/** Replaces an editor's text the way a student would paste it (typing would trigger auto-closing brackets). */
export async function replaceEditorText(page: Page, editor: Locator, text: string): Promise<void> {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await editor.locator(".monaco-editor").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
}

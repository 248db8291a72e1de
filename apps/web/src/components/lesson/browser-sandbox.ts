"use client";

import type { BrowserSandbox } from "@nanoschool/sandbox/browser";

export type LessonSandbox = BrowserSandbox;

let pending: Promise<LessonSandbox> | null = null;

/** The course's data sets (loadData("names")), served with the app by scripts/copy-runtime.ts. */
async function courseData(courseId: string): Promise<Record<string, string>> {
  const base = `/runtime/data/${courseId}`;
  const index = await fetch(`${base}/index.json`);
  if (!index.ok) return {};
  const names = (await index.json()) as string[];
  const texts = await Promise.all(names.map((n) => fetch(`${base}/${n}.txt`).then((r) => r.text())));
  return Object.fromEntries(names.map((n, i) => [n, texts[i] ?? ""]));
}

/** One sandbox per page, created on first use (or warmed while the student reads). */
export function loadLessonSandbox(courseId: string): Promise<LessonSandbox> {
  pending ??= (async () => {
    const [{ createBrowserSandbox }, data] = await Promise.all([
      import("@nanoschool/sandbox/browser"),
      courseData(courseId),
    ]);
    const sandbox = createBrowserSandbox({ bundleUrl: "/runtime/tensor.global.js", data });
    await sandbox.ready;
    return sandbox;
  })().catch((error) => {
    pending = null;
    throw error;
  });
  return pending;
}

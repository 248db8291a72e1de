// Measures the lesson page on the production build, in Debian's chromium, and prints the figures
// (a measurement, not a test): first contentful paint, JavaScript before the editor loads (gzipped
// bytes on the wire), and a warm cell run's time to first output.
// Usage: npm run measure -w @nanoschool/e2e   (builds nothing: run `npm run build` first)
//
// What is measured, so that the figures mean what they say:
// - The server is warmed with one request first (a student meets a running server, not its first
//   compile), and the browser with a blank page (its own start-up is not the page's paint).
// - First contentful paint: median of 5 loads, each in a fresh browser context (empty cache, no
//   cookies), straight to the lesson.
// - A warm cell run: the worker is already up (one run first); the clock starts in the page when the
//   Run button is clicked and stops when the first output element is in the document, median of 9.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { type Browser, chromium } from "@playwright/test";

const port = process.env.E2E_PORT ?? "3110";
const base = `http://127.0.0.1:${port}`;
const lessonPath = "/learn/llm101n/01-bigram";
const cellKey = "01-bigram#emma-bigrams";
const server = spawn(process.execPath, [path.join(import.meta.dirname, "test-server.ts")], {
  env: { ...process.env, E2E_PORT: port },
  stdio: "ignore",
});

async function waitForHealth() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the test server did not come up");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * One cold load: FCP, and the gzipped bytes of every script the page loads except the editor's own
 * chunks (Monaco, recognised by its source), i.e. what the page costs before and without the editor.
 */
async function coldLoad(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const client = await context.newCDPSession(page);
  await client.send("Network.enable");
  const scripts = new Map<string, { url: string; bytes: number }>();
  client.on("Network.responseReceived", (e) => {
    if (e.type === "Script") scripts.set(e.requestId, { url: e.response.url, bytes: 0 });
  });
  const finished: Promise<void>[] = [];
  const editorChunks = new Set<string>();
  client.on("Network.loadingFinished", (e) => {
    const s = scripts.get(e.requestId);
    if (!s) return;
    s.bytes = e.encodedDataLength;
    finished.push(
      client
        .send("Network.getResponseBody", { requestId: e.requestId })
        .then(({ body, base64Encoded }) => {
          const text = base64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
          if (/monaco/i.test(text)) editorChunks.add(e.requestId);
        })
        .catch(() => {}),
    );
  });
  await page.goto(`${base}${lessonPath}`, { waitUntil: "load" });
  const fcp = await page.evaluate(
    () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
  );
  await page.waitForTimeout(3000); // the idle-time loads: the sandbox, the editor
  await Promise.all(finished);
  let before = 0;
  let editor = 0;
  for (const [id, s] of scripts) {
    if (editorChunks.has(id)) editor += s.bytes;
    else before += s.bytes;
  }
  await context.close();
  return { fcp, before, editor };
}

/** Click Run in the page and wait, in the page, for the first output element of the new run. */
function timedRun(key: string): Promise<number> {
  const root = document.querySelector(`[data-cell="${key}"]`);
  const run = root && Array.from(root.querySelectorAll("button")).find((b) => b.textContent === "Run");
  if (!root || !run) return Promise.reject(new Error(`no Run button in cell ${key}`));
  return new Promise((resolve) => {
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      // The click clears the old outputs first, so any output element now belongs to this run.
      if (root.getAttribute("data-status") !== "idle" && root.querySelector(".ns-outputs > *")) {
        observer.disconnect();
        resolve(performance.now() - t0);
      }
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true });
    run.click();
  });
}

try {
  await waitForHealth();
  await (await fetch(`${base}${lessonPath}`)).text();
  const load = loadavg()[0] ?? 0;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  const blank = await browser.newPage();
  await blank.goto("about:blank");
  await blank.waitForTimeout(3000);

  const loads = [];
  for (let i = 0; i < 5; i++) loads.push(await coldLoad(browser));

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}${lessonPath}`, { waitUntil: "load" });
  const cell = page.locator(`[data-cell="${cellKey}"]`);
  await cell.getByRole("button", { name: "Run", exact: true }).click(); // cold: starts the worker
  await cell.locator(".ns-outputs").waitFor();
  await page.waitForTimeout(2000); // let the editors and the language service settle
  const runs: number[] = [];
  for (let i = 0; i < 9; i++) {
    await cell.getByRole("button", { name: "Run", exact: true }).waitFor(); // the last run has finished
    runs.push(await page.evaluate(timedRun, cellKey));
    await page.waitForTimeout(200);
  }
  await browser.close();

  const fcps = loads.map((l) => l.fcp);
  console.log(`lesson page ${lessonPath}, production build, localhost; load average ${load.toFixed(1)}`);
  console.log(
    `  first contentful paint        ${median(fcps).toFixed(0)} ms median of 5 cold loads (${fcps.map((f) => f.toFixed(0)).join(", ")})   (target < 1000 ms)`,
  );
  console.log(
    `  JavaScript before the editor  ${(median(loads.map((l) => l.before)) / 1024).toFixed(1)} KB gzipped on the wire, all but the editor's chunks   (target < 300 KB)`,
  );
  console.log(
    `  the editor (Monaco), lazily   ${(median(loads.map((l) => l.editor)) / 1024).toFixed(1)} KB gzipped, loaded after the page is up`,
  );
  console.log(
    `  warm cell run to first output ${median(runs).toFixed(0)} ms median of 9 (${runs.map((r) => r.toFixed(0)).join(", ")})   (target < 50 ms)`,
  );
} finally {
  server.kill("SIGTERM");
}

// Measures the lesson page on the production build, in Debian's chromium, and prints the figures
// (a measurement, not a test): first contentful paint, JavaScript before the editor loads (gzipped
// bytes on the wire), and a warm cell run's time to first output.
// Usage: npm run measure -w @nanoschool/e2e   (builds nothing: run `npm run build` first)
import { spawn } from "node:child_process";
import path from "node:path";
import { chromium } from "@playwright/test";

const port = process.env.E2E_PORT ?? "3110";
const base = `http://127.0.0.1:${port}`;
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

try {
  await waitForHealth();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  const page = await browser.newPage();
  const client = await page.context().newCDPSession(page);
  await client.send("Network.enable");
  const scripts = new Map<string, { bytes: number; editor: boolean }>();
  let editorRequested = false;
  client.on("Network.responseReceived", (e) => {
    if (e.type === "Script")
      scripts.set(e.requestId, { bytes: 0, editor: editorRequested || /monaco/i.test(e.response.url) });
  });
  client.on("Network.loadingFinished", (e) => {
    const s = scripts.get(e.requestId);
    if (s) s.bytes = e.encodedDataLength;
  });
  page.on("request", (r) => {
    if (/monaco|editor/i.test(r.url())) editorRequested = true;
  });

  await page.goto(`${base}/learn/llm101n/01-bigram`, { waitUntil: "load" });
  const fcp = await page.evaluate(
    () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
  );
  await page.waitForTimeout(500);
  const before = [...scripts.values()].filter((s) => !s.editor).reduce((sum, s) => sum + s.bytes, 0);

  const cell = page.locator('[data-cell="01-bigram#emma-bigrams"]');
  await cell.getByRole("button", { name: "Run", exact: true }).click(); // cold: starts the worker
  await cell.locator(".ns-outputs").waitFor();
  const timings: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await cell.getByRole("button", { name: "Run", exact: true }).click();
    await cell.locator(".ns-outputs > *").first().waitFor();
    timings.push(Date.now() - t0);
  }
  timings.sort((a, b) => a - b);
  console.log("lesson page, production build, localhost");
  console.log(`  first contentful paint        ${fcp.toFixed(0)} ms   (target < 1000 ms)`);
  console.log(
    `  JavaScript before the editor  ${(before / 1024).toFixed(1)} KB on the wire   (target < 300 KB)`,
  );
  console.log(
    `  warm cell run to first output ${timings[2]} ms median of 5, measured from the click   (target < 50 ms)`,
  );
  await browser.close();
} finally {
  server.kill("SIGTERM");
}

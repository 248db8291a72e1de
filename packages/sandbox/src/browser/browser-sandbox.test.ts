import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultBundleSource } from "../server/isolate-pool.ts";

// Real Chromium (Debian's), driven by playwright-core, against a page served from a local server.
// The server also answers /leak*, so a request that got through would be seen here.

let server: Server;
let browser: Browser;
let page: Page;
let origin = "";
const leaks: string[] = [];

const pageHtml = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<script type="module">
import { createBrowserSandbox } from "/sandbox.js";
const sandbox = createBrowserSandbox({ bundleUrl: "/tensor.global.js", data: { names: "emma\\nolivia" } });
window.sandbox = sandbox;
window.runCell = async (code, timeMs) => {
  const outputs = [];
  const started = performance.now();
  const result = await sandbox.run(code, { timeMs, onOutput: (o) => outputs.push({ ...o, at: performance.now() - started }) });
  return { ...result, outputs, doneAt: performance.now() - started };
};
sandbox.ready.then(() => { window.sandboxReady = true; });
</script></body></html>`;

beforeAll(async () => {
  const entry = fileURLToPath(new URL("./browser-sandbox.ts", import.meta.url));
  const bundled = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
  });
  const sandboxJs = bundled.outputFiles[0]!.text;
  const tensorJs = defaultBundleSource();
  server = createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/leak")) {
      leaks.push(url);
      res.writeHead(200, { "access-control-allow-origin": "*", "content-type": "text/javascript" });
      res.end("export const leaked = true;");
      return;
    }
    const body =
      url === "/"
        ? pageHtml
        : url === "/sandbox.js"
          ? sandboxJs
          : url === "/tensor.global.js"
            ? tensorJs
            : null;
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": url === "/" ? "text/html" : "text/javascript" });
    res.end(body);
  });
  server.on("upgrade", (req, socket) => {
    leaks.push(req.url ?? "upgrade");
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(
    () => (window as unknown as { sandboxReady?: boolean }).sandboxReady === true,
    null,
    {
      timeout: 30_000,
    },
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

type CellRun = {
  status: string;
  stateLost: boolean;
  durationMs: number;
  doneAt: number;
  error?: { message: string; line?: number; column?: number };
  outputs: { kind: string; text?: string; at: number; shape?: number[]; values?: number[] }[];
};
const runCell = (code: string, timeMs = 10_000): Promise<CellRun> =>
  page.evaluate(
    ([c, t]) => (window as unknown as { runCell: (c: string, t: number) => Promise<CellRun> }).runCell(c, t),
    [code, timeMs] as const,
  );
const texts = (run: CellRun) => run.outputs.filter((o) => o.kind === "text").map((o) => o.text);

describe("browser sandbox in Chromium", () => {
  it("has the tensor runtime in scope and shares declarations between cells", async () => {
    const first = await runCell("const base: number = 41;\nfunction twice(x: number) { return 2 * x; }");
    expect(first.status).toBe("ok");
    const second = await runCell(
      "print(base + 1, twice(base));\nconsole.log(tensor([1, 2, 3]).sum().item());",
    );
    expect(second.status).toBe("ok");
    expect(texts(second)).toEqual(["42 82", "6"]);
    const third = await runCell('const t = zeros([2, 2]);\nprint(t);\nprint(await loadData("names"));');
    expect(third.outputs[0]).toMatchObject({ kind: "tensor", shape: [2, 2], values: [0, 0, 0, 0] });
    expect(third.outputs[1]).toMatchObject({ kind: "text", text: "emma\nolivia" });
  });

  it("streams outputs while the cell is still running", async () => {
    const run = await runCell(
      'print("first");\nconst until = Date.now() + 600;\nwhile (Date.now() < until) {}\nprint("second");',
    );
    expect(texts(run)).toEqual(["first", "second"]);
    expect(run.outputs[0]!.at).toBeLessThan(run.doneAt - 300);
  });

  it("reports a syntax error with the cell's line and column without running it", async () => {
    const run = await runCell("const ok = 1;\nconst broken = (;");
    expect(run).toMatchObject({ status: "error", error: { line: 2, column: 17 }, stateLost: false });
  });

  it("stops an endless loop at its time limit and runs the next cell on a warm worker", async () => {
    const looped = await runCell("while (true) {}", 500);
    expect(looped.status).toBe("timeout");
    expect(looped.stateLost).toBe(true);
    expect(looped.doneAt).toBeLessThan(2500);
    const next = await runCell("print(typeof base)");
    expect(texts(next)).toEqual(["undefined"]);
    expect(next.doneAt).toBeLessThan(1500);
  });

  it("stop() terminates a running cell at once", async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as {
        runCell: (c: string, t: number) => Promise<CellRun>;
        sandbox: { stop(): void };
      };
      const running = w.runCell("while (true) {}", 20_000);
      await new Promise((r) => setTimeout(r, 300));
      const stoppedAt = performance.now();
      w.sandbox.stop();
      const run = await running;
      return { status: run.status, afterStop: performance.now() - stoppedAt };
    });
    expect(result.status).toBe("stopped");
    // Far below the 20 s limit the cell had: the worker was terminated, not waited for.
    expect(result.afterStop).toBeLessThan(2000);
  });

  it("blocks fetch, XMLHttpRequest, WebSocket, importScripts and import() to the network", async () => {
    const run = await runCell(`
const target = "${origin}";
const attempt = async (name: string, fn: () => Promise<unknown> | unknown) => {
  try { await fn(); print(name + ": allowed"); } catch (e) { print(name + ": blocked"); }
};
await attempt("fetch", () => fetch(target + "/leak-fetch"));
await attempt("xhr", () => new Promise((resolve, reject) => {
  const x = new XMLHttpRequest(); x.open("GET", target + "/leak-xhr"); x.onload = resolve; x.onerror = reject; x.send();
}));
await attempt("websocket", () => new Promise((resolve, reject) => {
  const ws = new WebSocket(target.replace("http", "ws") + "/leak-ws"); ws.onopen = resolve; ws.onerror = reject;
}));
await attempt("importScripts", () => (globalThis as any).importScripts(target + "/leak-import-scripts.js"));
await attempt("import", () => import(target + "/leak-import.js"));
await attempt("nested worker", () => new Promise((resolve, reject) => {
  const w = new Worker(target + "/leak-worker.js"); w.onerror = reject; setTimeout(resolve, 500);
}));
`);
    expect(run.status).toBe("ok");
    expect(texts(run)).toEqual([
      "fetch: blocked",
      "xhr: blocked",
      "websocket: blocked",
      "importScripts: blocked",
      "import: blocked",
      "nested worker: blocked",
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(leaks).toEqual([]);
  });

  it("runs visible tests against a submission", async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as {
        sandbox: {
          runTests(
            input: unknown,
          ): Promise<{ status: string; tests: { name: string; status: string; message: string }[] }>;
        };
      };
      return w.sandbox.runTests({
        submission: "export const add = (a: number, b: number) => a - b;",
        tests:
          'import { test, expect } from "@nanoschool/harness";\nimport { add } from "@submission";\ntest("adds", () => expect(add(1, 2)).toBe(3));\ntest("subtracts?", () => expect(add(3, 2)).toBe(1));',
      });
    });
    expect(result.status).toBe("ok");
    expect(result.tests.map((t) => [t.name, t.status, t.message])).toEqual([
      ["adds", "failed", "AssertionError: expected -1 to be 3"],
      ["subtracts?", "passed", ""],
    ]);
  });

  it("runTests reports a compile error and a test run that passes its time limit", async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as {
        sandbox: { runTests(input: unknown, options?: unknown): Promise<unknown> };
      };
      const tests =
        'import { test } from "@nanoschool/harness";\nimport { add } from "@submission";\ntest("adds", () => { add(); });';
      const broken = await w.sandbox.runTests({ submission: "export const add = (;", tests });
      const looping = await w.sandbox.runTests(
        { submission: "export function add() { while (true) {} }", tests },
        { timeMs: 400 },
      );
      return { broken, looping };
    });
    expect(result.broken).toMatchObject({
      status: "compile-error",
      compileError: { file: "submission.ts", line: 1, column: 21 },
    });
    expect(result.looping).toMatchObject({ status: "load-error", loadStatus: "timeout", tests: [] });
  });

  it("useExercise gives a cell the student's current exercise code, and explains a starter that throws", async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as {
        sandbox: {
          runCell(
            code: string,
            options?: unknown,
          ): Promise<{
            status: string;
            outputs: { text?: string }[];
            error?: { message: string; line?: number };
          }>;
        };
      };
      const title = "Build the context-window dataset";
      const exercise = (source: string) => ({ "03-mlp/build-dataset": { source, title } });
      const starter =
        'export function buildDataset(words: string[]) {\n  throw new Error("TODO: build the dataset");\n}';
      const cell =
        'const { buildDataset } = await useExercise("build-dataset");\nprint(buildDataset(["emma", "ava"]));';
      const withStarter = await w.sandbox.runCell(cell, { exercises: exercise(starter) });
      // The student edits the exercise: the next run of the same cell uses the new code.
      const edited = await w.sandbox.runCell(cell, {
        exercises: exercise("export function buildDataset(words: string[]) { return words.length; }"),
      });
      const later = await w.sandbox.runCell("print(buildDataset(['a']) + 1)", {});
      const halfTyped = await w.sandbox.runCell("print(1)", { exercises: exercise("export function (") });
      return { withStarter, edited, later, halfTyped };
    });
    expect(result.withStarter.status).toBe("error");
    expect(result.withStarter.error).toMatchObject({
      message:
        'Error: This cell uses your buildDataset from the exercise "Build the context-window dataset" above: ' +
        "make its visible tests pass first (hints are there), then run this cell again. Your buildDataset threw: " +
        "Error: TODO: build the dataset (line 2 of your code)",
      line: 2,
    });
    expect(result.edited).toMatchObject({ status: "ok", outputs: [{ text: "2" }] });
    // The function a cell took stays in the notebook scope for the cells after it.
    expect(result.later).toMatchObject({ status: "ok", outputs: [{ text: "2" }] });
    // Exercise code that does not compile only matters to a cell that uses it.
    expect(result.halfTyped).toMatchObject({ status: "ok", outputs: [{ text: "1" }] });
  });

  it("keeps an exercise's module between cell runs while its code is unchanged, and reloads it after an edit", async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as {
        sandbox: {
          runCell(code: string, options?: unknown): Promise<{ status: string; outputs: { text?: string }[] }>;
        };
      };
      const exercises = (source: string) => ({
        "02-micrograd/value": { source, title: "Value" },
        "02-micrograd/mlp": {
          source:
            'import { Value } from "@exercise/02-micrograd/value";\nexport const isValue = (v: unknown) => v instanceof Value;',
          title: "MLP",
        },
      });
      const v1 = "export class Value { constructor(public data: number) {} }";
      const made = await w.sandbox.runCell(
        'const { Value: V } = await useExercise("value");\nconst v = new V(1);',
        {
          exercises: exercises(v1),
        },
      );
      const same = await w.sandbox.runCell(
        'const { isValue } = await useExercise("mlp");\nprint(isValue(v));',
        {
          exercises: exercises(v1),
        },
      );
      // An edit to mlp alone reloads mlp but keeps value (and so v's class).
      const mlpEdited = exercises(v1);
      mlpEdited["02-micrograd/mlp"].source += "\nexport const edited = true;";
      const onlyMlp = await w.sandbox.runCell(
        'const m = await useExercise("mlp");\nprint(m.edited, m.isValue(v));',
        {
          exercises: mlpEdited,
        },
      );
      // An edit to value reloads value and mlp, which imports it: v is of the old class.
      const edited = await w.sandbox.runCell(
        'const again = await useExercise("mlp");\nprint(again.isValue(v));',
        {
          exercises: exercises(`${v1}\n// edited`),
        },
      );
      // A module that throws while loading is not kept: the next run throws again.
      const throwing = exercises('throw new Error("load failed");');
      const first = await w.sandbox.runCell('await useExercise("value");', { exercises: throwing });
      const second = await w.sandbox.runCell('await useExercise("value");', { exercises: throwing });
      return { made, same, onlyMlp, edited, first, second };
    });
    expect(result.made.status).toBe("ok");
    expect(result.same.outputs).toMatchObject([{ text: "true" }]);
    expect(result.onlyMlp.outputs).toMatchObject([{ text: "true true" }]);
    expect(result.edited.outputs).toMatchObject([{ text: "false" }]);
    expect(result.first.status).toBe("error");
    expect(result.second.status).toBe("error");
  });

  it("runCell collects outputs into a CellResult as well as streaming them", async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as {
        sandbox: { runCell(code: string, options?: unknown): Promise<unknown> };
      };
      const streamed: unknown[] = [];
      const cell = await w.sandbox.runCell('print("a");\nprint("b");', {
        onOutput: (o: unknown) => streamed.push(o),
      });
      return { cell, streamed: streamed.length };
    });
    expect(result.cell).toMatchObject({
      status: "ok",
      stateLost: false,
      outputs: [
        { kind: "text", text: "a" },
        { kind: "text", text: "b" },
      ],
    });
    expect(result.streamed).toBe(2);
  });
});

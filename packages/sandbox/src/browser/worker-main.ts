// biome-ignore-all lint/suspicious/noExplicitAny: this file runs inside the browser worker, beside student code.
import type { createFormatter } from "../runtime/format.ts";
import type { createHarness } from "../runtime/harness.ts";
import type { createSandboxRuntime } from "../runtime/runtime.ts";
import type { createSerializer } from "../runtime/serialize.ts";

/**
 * The message loop of the browser sandbox's module worker. Embedded with `toString()` after the
 * tensor bundle, so it must stay self-contained. The frame hands it a MessagePort in the first
 * message; every later command and result goes through that port, which lives only in this
 * closure: student code can post to the frame with self.postMessage, but cannot reach the port,
 * cannot read commands and cannot forge results of a run on the channel the frame listens to.
 */
export function workerMain(parts: {
  createSerializer: typeof createSerializer;
  createFormatter: typeof createFormatter;
  createHarness: typeof createHarness;
  createSandboxRuntime: typeof createSandboxRuntime;
}) {
  const g = globalThis as any;
  const addListener = g.addEventListener.bind(g);
  const removeListener = g.removeEventListener.bind(g);
  let port: MessagePort | undefined;
  let currentId = 0;
  let data: Record<string, string> = {};
  let runtime: ReturnType<typeof createSandboxRuntime> | undefined;

  const post = (message: unknown) => {
    try {
      port?.postMessage(message);
    } catch {
      port?.postMessage({
        type: "output",
        id: currentId,
        event: { kind: "note", text: "an output could not be sent" },
      });
    }
  };

  async function handle(message: any) {
    if (!runtime || !message || typeof message !== "object") return;
    currentId = message.id;
    runtime.beginRun();
    if (message.type === "run-cell") {
      // Each run gets the exercises' code as it is now: an edit to an exercise counts from the next run.
      runtime.reset({ data, modules: message.modules, exercises: message.exercises, keepModules: true });
      const result = await runtime.runCell(message.code, message.names, message.filename);
      post({ type: "done", id: message.id, result });
    } else if (message.type === "run-tests") {
      const payload = await runtime.runJob(
        JSON.stringify({ mode: "all-tests", modules: message.modules, entry: message.entry, data }),
      );
      post({ type: "done", id: message.id, result: { payload } });
    }
  }

  function onInit(event: MessageEvent) {
    const message = event.data;
    if (port || !message || message.type !== "init" || !event.ports[0]) return;
    port = event.ports[0];
    removeListener("message", onInit);
    data = message.data ?? {};
    runtime = parts.createSandboxRuntime(g, {
      createSerializer: parts.createSerializer,
      createFormatter: parts.createFormatter,
      createHarness: parts.createHarness,
      maxOutputBytes: message.maxOutputBytes,
      emit: (output: unknown) => post({ type: "output", id: currentId, event: output }),
    });
    // Commands run one after another, as the frame sends them.
    let chain = Promise.resolve();
    port.onmessage = (m: MessageEvent) => {
      chain = chain.then(() => handle(m.data)).catch(() => {});
    };
    post({ type: "ready" });
  }
  addListener("message", onInit);
}

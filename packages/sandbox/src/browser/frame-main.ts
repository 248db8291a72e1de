// biome-ignore-all lint/suspicious/noExplicitAny: this file runs inside the sandboxed iframe.
/**
 * The script of the sandboxed iframe (sandbox="allow-scripts", opaque origin, CSP without any
 * network). It owns the workers: the current one, which holds the notebook state, and a warm
 * spare. A run that passes its time limit, or a Stop, terminates the current worker at once and
 * promotes the spare. Embedded with `toString()`, so it must stay self-contained.
 */
export function frameMain() {
  type Slot = { worker: Worker; port: MessagePort };
  let workerUrl = "";
  let maxOutputBytes = 65536;
  let data: Record<string, string> = {};
  let current: Slot | undefined;
  let spare: Slot | undefined;
  let running: { id: number; timer: ReturnType<typeof setTimeout> } | undefined;
  const send = (message: unknown) => window.parent.postMessage(message, "*");

  function spawn(): Slot {
    const worker = new Worker(workerUrl, { type: "module", name: "nanoschool-sandbox" });
    const channel = new MessageChannel();
    const slot: Slot = { worker, port: channel.port1 };
    channel.port1.onmessage = (event) => onWorkerMessage(slot, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      if (slot === current && running)
        finish("error", `the sandbox worker failed to start: ${event.message}`);
    };
    worker.postMessage({ type: "init", maxOutputBytes, data }, [channel.port2]);
    return slot;
  }

  function onWorkerMessage(slot: Slot, message: any) {
    if (slot !== current || !running || !message || message.id !== running.id) return;
    if (message.type === "output") send({ type: "output", id: running.id, event: message.event });
    if (message.type === "done") {
      clearTimeout(running.timer);
      const id = running.id;
      running = undefined;
      send({ type: "done", id, result: message.result });
    }
  }

  /** Throw the current worker (and its state) away; the warm spare takes over. */
  function replaceCurrent() {
    current?.worker.terminate();
    current = spare ?? spawn();
    spare = spawn();
  }

  function finish(status: "timeout" | "stopped" | "error", message?: string) {
    if (!running) return;
    clearTimeout(running.timer);
    const id = running.id;
    running = undefined;
    replaceCurrent();
    send({ type: "done", id, result: { status, stateLost: true, message } });
  }

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    const message = event.data;
    if (!message || typeof message !== "object") return;
    if (message.type === "init" && !current) {
      // A data: URL, because Chromium will not start a module worker from a blob: URL made by an
      // opaque origin; a data: worker has an opaque origin of its own and inherits the frame's CSP.
      workerUrl = `data:text/javascript;charset=utf-8,${encodeURIComponent(message.workerSource)}`;
      maxOutputBytes = message.maxOutputBytes;
      data = message.data ?? {};
      current = spawn();
      spare = spawn();
      send({ type: "frame-ready" });
    } else if (message.type === "run" && current) {
      if (running) finish("stopped");
      const timer = setTimeout(() => finish("timeout"), message.timeMs);
      running = { id: message.id, timer };
      current.port.postMessage(message.command);
    } else if (message.type === "stop") {
      finish("stopped");
    } else if (message.type === "reset") {
      finish("stopped");
      replaceCurrent();
      send({ type: "reset-done", id: message.id });
    }
  });
  send({ type: "frame-loaded" });
}

// Next.js calls register() once per server start, before the first request: the grading queue (and on
// the embedded database, the grading worker) starts here. Node.js runtime only: isolated-vm, PGlite
// and child processes do not exist on the edge.
export async function register() {
  // biome-ignore lint/style/noProcessEnv: Next replaces this exact expression at build time.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWebGrading } = await import("./server/grading");
  try {
    console.log(`[grading] ${await startWebGrading()}`);
  } catch (error) {
    // The site still serves lessons; submissions answer "grading is not available" until a restart.
    console.error(`[grading] could not start: ${(error as Error).message}`);
  }
}

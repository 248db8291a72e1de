// TensorFlow.js, the anchor: its plain-JS CPU backend and its WebAssembly backend (SIMD, one thread).
import { registerHooks } from "node:module";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";

// tfjs-core registers its gradients in a separate module (the umbrella @tensorflow/tfjs package
// imports it), shipped as ESM whose relative imports lack the ".js" that Node requires. Resolve those
// for tfjs-core's files only. Its registries live on globalThis, so this copy registers into the same
// engine as the CommonJS build imported above.
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith(".") || !context.parentURL?.includes("/@tensorflow/tfjs-core/dist/"))
        throw error;
      try {
        return nextResolve(`${specifier}.js`, context);
      } catch {
        return nextResolve(`${specifier}/index.js`, context);
      }
    }
  },
});
await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");

export type Tfjs = typeof tf;
export type TfjsBackend = "cpu" | "wasm";

let configured = false;

/** Switches tfjs to `backend` and returns the tfjs namespace. */
export async function useTfjs(backend: TfjsBackend): Promise<Tfjs> {
  if (!configured) {
    // One thread, like our kernels: the threaded build needs SharedArrayBuffer workers.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    configured = true;
  }
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`bench: tfjs backend "${backend}" failed to initialise`);
  await tf.ready();
  if (backend === "wasm" && !tf.env().getBool("WASM_HAS_SIMD_SUPPORT")) {
    throw new Error("bench: tfjs-backend-wasm found no SIMD support, so it would not be the anchor we claim");
  }
  return tf;
}

export const tfjsVersion = tf.version_core;

// The same MLP and GPT in TensorFlow.js, written the way tfjs is meant to be used: weights stored
// (in, out) so the forward pass needs no transpose (the layout most favourable to tfjs),
// tf.variableGrads for the gradients, tf.tidy to free intermediates.
import type { Tfjs } from "./tfjs.ts";

type Tensor = ReturnType<Tfjs["tensor"]>;
type Variable = ReturnType<Tfjs["variable"]>;

function uniform(tf: Tfjs, shape: number[], fanIn: number): Variable {
  const bound = 1 / Math.sqrt(fanIn);
  const init = tf.randomUniform(shape, -bound, bound, "float32", 1);
  const variable = tf.variable(init);
  init.dispose();
  return variable;
}

/** One forward plus backward of the 784-256-10 tanh MLP, batch 64, cross-entropy. */
export function tfjsMlpStep(tf: Tfjs): { step: () => void; dispose: () => void } {
  const w1 = uniform(tf, [784, 256], 784);
  const b1 = uniform(tf, [256], 784);
  const w2 = uniform(tf, [256, 10], 256);
  const b2 = uniform(tf, [10], 256);
  const x = tf.randomNormal([64, 784], 0, 1, "float32", 2);
  const labels = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 64 }, (_, i) => i % 10),
      "int32",
    ),
    10,
  );
  const step = () => {
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.tanh(tf.add(tf.matMul(x, w1), b1)); // (64, 256)
      const logits = tf.add(tf.matMul(h, w2), b2); // (64, 10)
      return tf.losses.softmaxCrossEntropy(labels, logits) as ReturnType<Tfjs["scalar"]>;
    });
    value.dataSync();
    value.dispose();
    for (const g of Object.values(grads)) g.dispose();
  };
  const dispose = () => {
    for (const t of [w1, b1, w2, b2, x, labels]) t.dispose();
  };
  return { step, dispose };
}

export interface GptConfig {
  vocab: number;
  context: number;
  channels: number;
  layers: number;
  heads: number;
  batch: number;
}

/** One AdamW step of the chapter-5 GPT (tfjs has Adam; the decoupled decay is applied by hand). */
export function tfjsGptStep(tf: Tfjs, cfg: GptConfig): { step: () => void; dispose: () => void } {
  const { vocab: V, context: T, channels: C, layers, heads, batch: B } = cfg;
  const hs = C / heads;
  const ones = (n: number) => tf.variable(tf.ones([n]));
  const zeros = (n: number) => tf.variable(tf.zeros([n]));
  const tok = tf.variable(tf.randomNormal([V, C], 0, 1, "float32", 3));
  const pos = tf.variable(tf.randomNormal([T, C], 0, 1, "float32", 4));
  const blocks = Array.from({ length: layers }, () => ({
    ln1g: ones(C),
    ln1b: zeros(C),
    wqkv: uniform(tf, [C, 3 * C], C),
    bqkv: uniform(tf, [3 * C], C),
    wproj: uniform(tf, [C, C], C),
    bproj: uniform(tf, [C], C),
    ln2g: ones(C),
    ln2b: zeros(C),
    wfc: uniform(tf, [C, 4 * C], C),
    bfc: uniform(tf, [4 * C], C),
    wfp: uniform(tf, [4 * C, C], 4 * C),
    bfp: uniform(tf, [C], 4 * C),
  }));
  const lnfg = ones(C);
  const lnfb = zeros(C);
  const head = uniform(tf, [C, V], C);
  const variables: Variable[] = [tok, pos, ...blocks.flatMap((b) => Object.values(b)), lnfg, lnfb, head];

  // The embedding lookup as one-hot @ table: tfjs-wasm has no kernel for gather's gradient
  // (UnsortedSegmentSum), and the product is what its gradient would compute anyway.
  const idx = tf.oneHot(tf.randomUniformInt([B * T], 0, V, 5), V); // (B*T, V)
  const targets = tf.oneHot(tf.randomUniformInt([B * T], 0, V, 6), V);
  // -1e9 above the diagonal: added to the scores, it masks the future out of the softmax
  const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9);
  const layerNorm = (x: Tensor, g: Tensor, b: Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b);
  };
  const gelu = (x: Tensor) => {
    const u = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(u)));
  };
  const headsOf = (t: Tensor) => tf.transpose(tf.reshape(t, [B, T, heads, hs]), [0, 2, 1, 3]); // (B, nh, T, hs)
  const loss = () => {
    let x = tf.add(tf.reshape(tf.matMul(idx, tok), [B, T, C]), pos) as Tensor; // (B, T, C)
    for (const b of blocks) {
      const h = tf.reshape(layerNorm(x, b.ln1g, b.ln1b), [B * T, C]);
      const qkv = tf.reshape(tf.add(tf.matMul(h, b.wqkv), b.bqkv), [B, T, 3 * C]);
      const [q, k, v] = tf.split(qkv, 3, -1) as [Tensor, Tensor, Tensor];
      const scores = tf.add(tf.mul(tf.matMul(headsOf(q), headsOf(k), false, true), 1 / Math.sqrt(hs)), mask);
      const y = tf.matMul(tf.softmax(scores), headsOf(v)); // (B, nh, T, hs)
      const merged = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * T, C]);
      x = tf.add(x, tf.reshape(tf.add(tf.matMul(merged, b.wproj), b.bproj), [B, T, C]));
      const h2 = tf.reshape(layerNorm(x, b.ln2g, b.ln2b), [B * T, C]);
      const mlp = tf.add(tf.matMul(gelu(tf.add(tf.matMul(h2, b.wfc), b.bfc)), b.wfp), b.bfp);
      x = tf.add(x, tf.reshape(mlp, [B, T, C]));
    }
    const logits = tf.matMul(tf.reshape(layerNorm(x, lnfg, lnfb), [B * T, C]), head); // (B*T, V)
    return tf.losses.softmaxCrossEntropy(targets, logits) as ReturnType<Tfjs["scalar"]>;
  };
  const lr = 3e-4;
  const weightDecay = 0.1;
  const optimizer = tf.train.adam(lr);
  const step = () => {
    const { value, grads } = tf.variableGrads(loss, variables);
    tf.tidy(() => {
      for (const v of variables) v.assign(tf.mul(v, 1 - lr * weightDecay)); // decoupled weight decay
    });
    optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
    value.dataSync();
    value.dispose();
    for (const g of Object.values(grads)) g.dispose();
  };
  const dispose = () => {
    for (const t of [...variables, idx, targets, mask]) t.dispose();
    optimizer.dispose();
  };
  return { step, dispose };
}

/** Microseconds per 2 x 2 add, including the dispose tfjs needs to free it. */
export function tfjsTinyAdd(tf: Tfjs): { run: () => void; dispose: () => void } {
  const a = tf.randomNormal([2, 2]);
  const b = tf.randomNormal([2, 2]);
  return {
    run: () => {
      for (let i = 0; i < 20000; i++) tf.add(a, b).dispose();
    },
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}

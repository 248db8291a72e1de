// End-to-end: small models learn, through autograd and the optimizers, on every backend.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { backendNames, setBackend } from "../backend/registry.ts";
import { AdamW, SGD } from "../optim/optimizers.ts";
import { Generator } from "../random.ts";
import { noGrad, tensor } from "../tensor.ts";
import { crossEntropy } from "./functional.ts";
import { Embedding, Linear, Sequential, Tanh } from "./layers.ts";

const TEXT =
  "the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat and sat. " +
  "then the cat ran to the log and the dog ran to the mat. ";

/** The mean of -log p(next | current) under the bigram counts themselves: the lowest possible loss. */
function bigramEntropy(ids: Int32Array): number {
  const pairs = new Map<number, number>();
  const rows = new Map<number, number>();
  for (let i = 0; i + 1 < ids.length; i++) {
    const key = ids[i]! * 1000 + ids[i + 1]!;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    rows.set(ids[i]!, (rows.get(ids[i]!) ?? 0) + 1);
  }
  let total = 0;
  for (const [key, count] of pairs) total -= count * Math.log(count / rows.get(Math.floor(key / 1000))!);
  return total / (ids.length - 1);
}

describe.each(backendNames)("training on the %s backend", (backend) => {
  beforeEach(() => setBackend(backend));
  afterAll(() => setBackend("reference"));

  it("a tiny MLP learns XOR", () => {
    const generator = new Generator(0);
    const model = new Sequential(
      new Linear(2, 8, { generator }),
      new Tanh(),
      new Linear(8, 2, { generator }),
    );
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor(new Int32Array([0, 1, 1, 0]));
    const opt = new SGD(model.parameters(), { lr: 0.5, momentum: 0.9 });
    const first = crossEntropy(model.forward(x), y).item();
    let loss = first;
    for (let step = 0; step < 200; step++) {
      const out = crossEntropy(model.forward(x), y);
      opt.zeroGrad();
      out.backward();
      opt.step();
      loss = out.item();
    }
    expect(first).toBeGreaterThan(0.6); // about log 2 at the start: a coin toss
    expect(loss).toBeLessThan(0.02);
    const predictions = noGrad(() => model.forward(x).argmax(1));
    expect(predictions.tolist()).toEqual([0, 1, 1, 0]);
  });

  it("a bigram model's loss on a fixed text falls below 1.04", () => {
    const chars = [...new Set(TEXT)].sort();
    const ids = Int32Array.from(TEXT, (c) => chars.indexOf(c));
    const inputs = tensor(ids.subarray(0, -1));
    const targets = tensor(ids.subarray(1));
    const model = new Embedding(chars.length, chars.length, { generator: new Generator(1) }); // logits of the next char
    const opt = new AdamW(model.parameters(), { lr: 0.1, weightDecay: 0 });
    const losses: number[] = [];
    for (let step = 0; step < 150; step++) {
      const loss = crossEntropy(model.forward(inputs), targets);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
    // A random start is worse than uniform guessing, log(vocab) = log 15 = 2.71; the best any
    // bigram model can do on this text is its conditional entropy, 1.024 (counted below).
    expect(chars.length).toBe(15);
    expect(losses[0]).toBeGreaterThan(3);
    expect(losses.at(-1)).toBeLessThan(1.04);
    expect(losses.at(-1)).toBeGreaterThan(bigramEntropy(ids));
    expect(bigramEntropy(ids)).toBeCloseTo(1.024, 3);
  });
});

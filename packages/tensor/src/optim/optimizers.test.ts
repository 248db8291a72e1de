import { describe, expect, it } from "vitest";
import { tensor } from "../tensor.ts";
import { clipGradNorm, cosineLr } from "./optimizers.ts";

describe("optim helpers", () => {
  it("clipGradNorm scales all gradients together to the max norm and returns the old norm", () => {
    const a = tensor([3], { requiresGrad: true });
    const b = tensor([4], { requiresGrad: true });
    a.mul(3).add(b.mul(4)).sum().backward(); // grads 3 and 4: norm 5
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5, 5);
    expect(a.grad!.item()).toBeCloseTo(0.6, 5);
    expect(b.grad!.item()).toBeCloseTo(0.8, 5);
    expect(clipGradNorm([a, b], 10)).toBeCloseTo(1, 5); // under the limit: unchanged
    expect(a.grad!.item()).toBeCloseTo(0.6, 5);
  });

  it("cosineLr warms up linearly, then decays along a cosine to minLr", () => {
    const schedule = { maxLr: 1, minLr: 0.1, warmupSteps: 10, maxSteps: 110 };
    expect(cosineLr(0, schedule)).toBeCloseTo(0.1);
    expect(cosineLr(9, schedule)).toBeCloseTo(1);
    expect(cosineLr(10, schedule)).toBeCloseTo(1);
    expect(cosineLr(60, schedule)).toBeCloseTo(0.55); // halfway: the mean of max and min
    expect(cosineLr(110, schedule)).toBeCloseTo(0.1);
    expect(cosineLr(500, schedule)).toBeCloseTo(0.1);
  });
});

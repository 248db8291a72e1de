import { describe, expect, it } from "vitest";
import { Value } from "./value.ts";

describe("Value (micrograd)", () => {
  it("reproduces the example of micrograd's README", () => {
    const a = new Value(-4.0);
    const b = new Value(2.0);
    let c = a.add(b);
    let d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1));
    c = c.add(new Value(1).add(c).add(a.neg()));
    d = d.add(d.mul(2).add(b.add(a).relu()));
    d = d.add(new Value(3).mul(d).add(b.sub(a).relu()));
    const e = c.sub(d);
    const f = e.pow(2);
    let g = f.div(2.0);
    g = g.add(new Value(10.0).div(f));
    expect(g.data.toFixed(4)).toBe("24.7041");
    g.backward();
    expect(a.grad.toFixed(4)).toBe("138.8338");
    expect(b.grad.toFixed(4)).toBe("645.5773");
  });

  it("differentiates tanh and exp, and accumulates for a value used twice", () => {
    const x = new Value(0.5);
    const y = x.tanh().add(x.exp()).add(x.mul(x));
    y.backward();
    const expected = 1 - Math.tanh(0.5) ** 2 + Math.exp(0.5) + 2 * 0.5;
    expect(x.grad).toBeCloseTo(expected, 12);
  });
});

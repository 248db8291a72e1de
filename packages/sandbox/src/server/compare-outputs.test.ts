import { describe, expect, it } from "vitest";
import { outputsMatch } from "./compare-outputs.ts";
import { decodePayload } from "./decode.ts";

const tol = { atol: 1e-5, rtol: 1e-4 };
const tensor = (shape: number[], data: number[]) => ({ $: "tensor" as const, dtype: "float32", shape, data });

describe("outputsMatch", () => {
  it("accepts numbers within atol + rtol * |expected| and rejects beyond", () => {
    expect(outputsMatch(1.00005, 1, tol)).toBe(true);
    expect(outputsMatch(1.001, 1, tol)).toBe(false);
    expect(outputsMatch(Number.NaN, Number.NaN, tol)).toBe(true);
    expect(outputsMatch(Number.POSITIVE_INFINITY, 1e308, tol)).toBe(false);
  });

  it("compares tensors by shape and values", () => {
    expect(outputsMatch(tensor([2], [1, 2]), tensor([2], [1, 2.00001]), tol)).toBe(true);
    expect(outputsMatch(tensor([1, 2], [1, 2]), tensor([2], [1, 2]), tol)).toBe(false);
    expect(outputsMatch(tensor([2], [1, 3]), tensor([2], [1, 2]), tol)).toBe(false);
  });

  it("compares objects by keys, strings exactly, and never treats an array as an object", () => {
    const a = decodePayload('{"$":"object","entries":[["ab",1],["b",[1,"x"]]]}');
    const b = decodePayload('{"$":"object","entries":[["b",[1,"x"]],["ab",1]]}');
    const c = decodePayload('{"$":"object","entries":[["b",[1,"y"]],["ab",1]]}');
    expect(outputsMatch(a, b, tol)).toBe(true);
    expect(outputsMatch(a, c, tol)).toBe(false);
    expect(outputsMatch([1, 2], decodePayload('{"$":"object","entries":[["0",1],["1",2]]}'), tol)).toBe(
      false,
    );
  });

  it("decodes NaN, undefined and Maps written by the sandbox's serializer", () => {
    const value = decodePayload('[{"$":"num","v":"NaN"},{"$":"undefined"},{"$":"map","entries":[["a",1]]}]');
    expect(
      outputsMatch(
        value,
        decodePayload('[{"$":"num","v":"NaN"},{"$":"undefined"},{"$":"map","entries":[["a",1]]}]'),
        tol,
      ),
    ).toBe(true);
    expect(() => decodePayload('{"$":"weird"}')).toThrow(/malformed/);
  });
});

import { describe, expect, it } from "vitest";
import { BoundedCache } from "./bounded-cache.ts";

describe("BoundedCache", () => {
  it("evicts the least recently used entry past the entry limit", () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // "b" is now the oldest
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("keeps the total weight under its limit and refuses an entry heavier than the whole cache", () => {
    const cache = new BoundedCache<string, string>({ maxEntries: 100, maxWeight: 10 });
    cache.set("a", "x", 4);
    cache.set("b", "y", 4);
    cache.set("c", "z", 4);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.weight).toBe(8);
    cache.set("huge", "w", 11);
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.weight).toBe(8);
  });

  it("replaces an entry under the same key without counting it twice", () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 3, maxWeight: 10 });
    cache.set("a", 1, 6);
    cache.set("a", 2, 6);
    expect(cache.get("a")).toBe(2);
    expect(cache.weight).toBe(6);
    expect(cache.size).toBe(1);
  });
});

/**
 * A least-recently-used map bounded both by entry count and by a total weight (bytes, roughly), so a
 * cache of reference outputs or transformed sources cannot grow a long-running grader without limit.
 * Map keeps insertion order: a hit re-inserts its entry at the end, eviction takes from the front.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private totalWeight = 0;
  private readonly maxEntries: number;
  private readonly maxWeight: number;

  constructor(options: { maxEntries: number; maxWeight?: number }) {
    this.maxEntries = Math.max(1, options.maxEntries);
    this.maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY;
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.totalWeight;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores the value unless it alone outweighs the whole cache. */
  set(key: K, value: V, weight = 1): void {
    this.delete(key);
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.totalWeight += weight;
    while (this.entries.size > this.maxEntries || this.totalWeight > this.maxWeight) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
  }
}

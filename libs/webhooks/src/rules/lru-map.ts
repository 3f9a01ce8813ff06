/**
 * A `Map` bounded to `capacity` entries that drops the least recently used one: the small caches of
 * the delivery path (signing keys, decrypted credentials, client-certificate pools). Hand-written
 * because it is a dozen lines over `Map`'s insertion order, not worth a dependency.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  /** The value, now the most recently used; `undefined` when absent. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores the value; returns the entry dropped to stay within capacity, if any. */
  set(key: K, value: V): [K, V] | undefined {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return undefined;
    const oldest = this.entries.entries().next().value!;
    this.entries.delete(oldest[0]);
    return oldest;
  }

  /** How many entries are held. */
  get size(): number {
    return this.entries.size;
  }

  /** Every value, least recently used first. */
  values(): IterableIterator<V> {
    return this.entries.values();
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }
}

// A persistent (immutable, structurally shared) string-keyed map used by zone snapshots. Keys are spread
// over a power-of-two number of buckets by a hash; an edit copies the bucket array and only the buckets it
// touches, so a one-name change to a million-name zone copies a few hundred map entries, not the zone.
// Knows nothing about DNS.

/** hashKey is a 32-bit FNV-1a hash over the char codes of a key (latin1 DnsName keys in practice). */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const MIN_BUCKETS = 16;
const MAX_BUCKETS = 1 << 16;
/** Average entries per bucket the map aims for; copying one bucket costs about this many entries. */
const TARGET_LOAD = 256;
/** When the average load passes this, the next commit rehashes into more buckets (amortized). */
const MAX_LOAD = 1024;

function bucketCountFor(size: number): number {
  let n = MIN_BUCKETS;
  while (n < MAX_BUCKETS && n * TARGET_LOAD < size) n *= 2;
  return n;
}

type Bucket<V> = Map<string, V>;

/** ShardedMap is an immutable map from string keys to values whose edits share untouched buckets. */
export class ShardedMap<V> {
  readonly #buckets: readonly (Bucket<V> | undefined)[];
  readonly #mask: number;
  readonly size: number;

  private constructor(buckets: readonly (Bucket<V> | undefined)[], size: number) {
    this.#buckets = buckets;
    this.#mask = buckets.length - 1;
    this.size = size;
  }

  /** empty gives a map with no entries, sized for about `expectedSize` keys. */
  static empty<V>(expectedSize = 0): ShardedMap<V> {
    return new ShardedMap<V>(
      new Array<Bucket<V> | undefined>(bucketCountFor(expectedSize)).fill(undefined),
      0,
    );
  }

  /** get returns the value for a key, or undefined. */
  get(key: string): V | undefined {
    return this.#buckets[hashKey(key) & this.#mask]?.get(key);
  }

  /** has tells whether the key is present. */
  has(key: string): boolean {
    return this.#buckets[hashKey(key) & this.#mask]?.has(key) ?? false;
  }

  /** bucketCount is the number of shards (a power of two). */
  get bucketCount(): number {
    return this.#buckets.length;
  }

  /** bucketAt exposes one shard by index so tests can check structural sharing by identity. */
  bucketAt(index: number): ReadonlyMap<string, V> | undefined {
    return this.#buckets[index];
  }

  /** bucketIndexOf gives the shard index a key lives in. */
  bucketIndexOf(key: string): number {
    return hashKey(key) & this.#mask;
  }

  /** entries iterates all key/value pairs in no particular order. */
  *entries(): IterableIterator<[string, V]> {
    for (const b of this.#buckets) if (b) yield* b.entries();
  }

  /** values iterates all values in no particular order. */
  *values(): IterableIterator<V> {
    for (const b of this.#buckets) if (b) yield* b.values();
  }

  /** edit starts a batch of changes; the original map is never modified. */
  edit(): ShardedMapEditor<V> {
    return new ShardedMapEditor<V>(
      this,
      this.#buckets,
      this.size,
      (buckets, size) => new ShardedMap<V>(buckets, size),
    );
  }
}

/** ShardedMapEditor collects changes against a ShardedMap, copying each bucket at most once. */
export class ShardedMapEditor<V> {
  #buckets: (Bucket<V> | undefined)[] | undefined;
  readonly #original: ShardedMap<V>;
  readonly #base: readonly (Bucket<V> | undefined)[];
  readonly #owned = new Set<number>();
  readonly #mask: number;
  readonly #make: (buckets: readonly (Bucket<V> | undefined)[], size: number) => ShardedMap<V>;
  #size: number;
  #committed = false;

  /** Created through ShardedMap.edit(). */
  constructor(
    original: ShardedMap<V>,
    base: readonly (Bucket<V> | undefined)[],
    size: number,
    make: (buckets: readonly (Bucket<V> | undefined)[], size: number) => ShardedMap<V>,
  ) {
    this.#original = original;
    this.#base = base;
    this.#mask = base.length - 1;
    this.#size = size;
    this.#make = make;
  }

  /** size is the entry count including the pending changes. */
  get size(): number {
    return this.#size;
  }

  /** get reads through the pending changes. */
  get(key: string): V | undefined {
    return (this.#buckets ?? this.#base)[hashKey(key) & this.#mask]?.get(key);
  }

  /** entries iterates all key/value pairs, pending changes included, in no particular order. */
  *entries(): IterableIterator<[string, V]> {
    for (const b of this.#buckets ?? this.#base) if (b) yield* b.entries();
  }

  /** set adds or replaces a value. */
  set(key: string, value: V): void {
    const b = this.#writable(hashKey(key) & this.#mask);
    const before = b.size;
    b.set(key, value);
    this.#size += b.size - before;
  }

  /** delete removes a key; it tells whether the key was there. */
  delete(key: string): boolean {
    const i = hashKey(key) & this.#mask;
    const cur = (this.#buckets ?? this.#base)[i];
    if (!cur?.has(key)) return false;
    this.#writable(i).delete(key);
    this.#size--;
    return true;
  }

  /** commit gives the new immutable map; the editor must not be used afterwards. */
  commit(): ShardedMap<V> {
    if (this.#committed) throw new Error('ShardedMapEditor already committed');
    this.#committed = true;
    if (!this.#buckets) return this.#original; // nothing written: share the whole map
    let buckets: readonly (Bucket<V> | undefined)[] = this.#buckets;
    if (this.#size > buckets.length * MAX_LOAD && buckets.length < MAX_BUCKETS) {
      buckets = rehash(buckets, bucketCountFor(this.#size));
    }
    return this.#make(buckets, this.#size);
  }

  #writable(i: number): Bucket<V> {
    if (!this.#buckets) this.#buckets = this.#base.slice();
    let b = this.#buckets[i];
    if (!this.#owned.has(i)) {
      b = b ? new Map(b) : new Map();
      this.#buckets[i] = b;
      this.#owned.add(i);
    }
    return b!;
  }
}

function rehash<V>(buckets: readonly (Bucket<V> | undefined)[], count: number): (Bucket<V> | undefined)[] {
  const out = new Array<Bucket<V> | undefined>(count).fill(undefined);
  const mask = count - 1;
  for (const b of buckets) {
    if (!b) continue;
    for (const [k, v] of b) {
      const i = hashKey(k) & mask;
      let t = out[i];
      if (!t) out[i] = t = new Map();
      t.set(k, v);
    }
  }
  return out;
}

// Bounded cache of encoded responses keyed by the scanned question and response variant (query-scan.ts).
// Each entry remembers the zone snapshot generation it was built from; a zone swap bumps that zone's
// generation so its entries stop matching at once (O(1), no scan). Memory is bounded by a two-generation
// scheme (an approximate LRU): entries live in `young`; when `young` is full it becomes `old` and the
// previous `old` is dropped; a hit in `old` is promoted. Random names (NXDOMAIN floods) therefore churn
// the cache but never grow it past 2 × the limits. Knows nothing about DNS semantics.

/** ZoneGeneration is a mutable counter shared by every cache entry built from one zone. */
export interface ZoneGeneration {
  value: number;
}

interface CacheEntry {
  readonly bytes: Uint8Array;
  readonly gen: ZoneGeneration;
  readonly genValue: number;
  readonly globalValue: number;
}

/** ResponseCacheLimits bounds one generation of the cache. */
export interface ResponseCacheLimits {
  /** maxEntries is the number of entries per generation (default 50,000). */
  readonly maxEntries?: number;
  /** maxBytes is the sum of response sizes per generation (default 16 MiB). */
  readonly maxBytes?: number;
  /** maxResponseSize is the largest response worth caching (default 4096 octets). */
  readonly maxResponseSize?: number;
}

/** ResponseCache stores encoded responses per question/variant key, invalidated by zone generation. */
export class ResponseCache {
  #young = new Map<string, CacheEntry>();
  #old = new Map<string, CacheEntry>();
  #youngBytes = 0;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #maxResponseSize: number;
  readonly #generations = new Map<string, ZoneGeneration>();
  /** #global changes when the set of zones changes, invalidating every entry (a new zone may take names). */
  #global = 0;
  /** NO_ZONE is the generation of REFUSED answers (names in no zone). */
  readonly #noZone: ZoneGeneration = { value: 0 };

  constructor(limits: ResponseCacheLimits = {}) {
    this.#maxEntries = limits.maxEntries ?? 50_000;
    this.#maxBytes = limits.maxBytes ?? 16 * 1024 * 1024;
    this.#maxResponseSize = limits.maxResponseSize ?? 4096;
  }

  /** get returns the cached response for `key`, or undefined when absent or built from an older zone. */
  get(key: string): Uint8Array | undefined {
    let e = this.#young.get(key);
    if (e === undefined) {
      e = this.#old.get(key);
      if (e === undefined) return undefined;
      if (e.gen.value !== e.genValue || e.globalValue !== this.#global) return undefined;
      this.#old.delete(key);
      this.#insert(key, e);
      return e.bytes;
    }
    if (e.gen.value !== e.genValue || e.globalValue !== this.#global) return undefined;
    return e.bytes;
  }

  /** set stores a response built from zone `zoneKey` (undefined = no zone, i.e. REFUSED). */
  set(key: string, bytes: Uint8Array, zoneKey: string | undefined): void {
    if (bytes.length > this.#maxResponseSize) return;
    const gen = zoneKey === undefined ? this.#noZone : this.generationOf(zoneKey);
    this.#insert(key, { bytes, gen, genValue: gen.value, globalValue: this.#global });
  }

  #insert(key: string, e: CacheEntry): void {
    if (this.#young.size >= this.#maxEntries || this.#youngBytes + e.bytes.length > this.#maxBytes) {
      this.#old = this.#young;
      this.#young = new Map();
      this.#youngBytes = 0;
    }
    const prev = this.#young.get(key);
    if (prev !== undefined) this.#youngBytes -= prev.bytes.length;
    this.#young.set(key, e);
    this.#youngBytes += e.bytes.length;
  }

  /** generationOf gives the generation counter of a zone (by its origin key), creating it at first use. */
  generationOf(zoneKey: string): ZoneGeneration {
    let g = this.#generations.get(zoneKey);
    if (g === undefined) {
      g = { value: 0 };
      this.#generations.set(zoneKey, g);
    }
    return g;
  }

  /**
   * invalidateZone drops (logically) every entry built from that zone, e.g. after a snapshot swap. The
   * swap may also have added the zone, which takes names away from an enclosing zone or from REFUSED,
   * so entries of zones above it and of names in no zone go too.
   */
  invalidateZone(zoneKey: string): void {
    this.generationOf(zoneKey).value++;
    this.#noZone.value++;
    // Keys are wire-form labels: each suffix starting at a label boundary is an ancestor's key.
    let i = 0;
    while (i < zoneKey.length) {
      i += 1 + zoneKey.charCodeAt(i);
      const g = this.#generations.get(zoneKey.slice(i));
      if (g !== undefined) g.value++;
    }
  }

  /** invalidateAll drops (logically) every entry, e.g. when a zone is added or removed. */
  invalidateAll(): void {
    this.#global++;
    this.#noZone.value++;
  }

  /** clear empties the cache for real. */
  clear(): void {
    this.#young = new Map();
    this.#old = new Map();
    this.#youngBytes = 0;
  }

  /** size is the number of stored entries (both generations, stale ones included). */
  get size(): number {
    return this.#young.size + this.#old.size;
  }
}

// Domain names (RFC 1034 §3.1, RFC 1035 §3.1). Owns the DnsName value type: labels as raw octets,
// original case preserved, plus a lowercase lookup key. Knows nothing about messages or zones.

/** MAX_NAME_WIRE_LENGTH is the longest name in wire form, length octets and root included (RFC 1035 §2.3.4). */
export const MAX_NAME_WIRE_LENGTH = 255;
/** MAX_LABEL_LENGTH is the longest label (RFC 1035 §2.3.4). */
export const MAX_LABEL_LENGTH = 63;

/** NameError is thrown when text or octets do not form a valid domain name. */
export class NameError extends Error {
  readonly code = 'ERR_DNS_NAME';
}

function lowerOctets(label: string): string {
  // Only ASCII A-Z fold (RFC 4343 §3); other octets stay as they are.
  let out = '';
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c | 0x20) : label[i];
  }
  return out;
}

/**
 * DnsName is an absolute domain name. Labels are kept as latin1 strings (one char per octet) in their
 * original case; `key` is the lowercase wire form as a latin1 string, injective and cheap to compare, so it
 * serves as a map key for case-insensitive matching.
 */
export class DnsName {
  static readonly ROOT = new DnsName([]);

  readonly labels: readonly string[];
  readonly key: string;
  #text: string | undefined;

  private constructor(labels: readonly string[], key?: string) {
    this.labels = labels;
    if (key !== undefined) {
      this.key = key;
    } else {
      let k = '';
      for (const l of labels) k += String.fromCharCode(l.length) + lowerOctets(l);
      this.key = k;
    }
  }

  /** fromLabels builds a name from raw labels (latin1 octets), checking RFC 1035 length limits. */
  static fromLabels(labels: readonly string[]): DnsName {
    let len = 1;
    for (const l of labels) {
      if (l.length === 0) throw new NameError('empty label');
      if (l.length > MAX_LABEL_LENGTH) throw new NameError(`label longer than ${MAX_LABEL_LENGTH} octets`);
      len += l.length + 1;
    }
    if (len > MAX_NAME_WIRE_LENGTH) throw new NameError(`name longer than ${MAX_NAME_WIRE_LENGTH} octets`);
    return new DnsName([...labels]);
  }

  /**
   * fromLabelsUnder builds `labels` + `origin` (e.g. a relative owner in a zone file), checking limits but
   * reusing the origin's key, so the zone-file parser can build millions of names cheaply.
   */
  static fromLabelsUnder(labels: readonly string[], origin: DnsName): DnsName {
    let len = origin.key.length + 1;
    let key = '';
    for (const l of labels) {
      if (l.length === 0) throw new NameError('empty label');
      if (l.length > MAX_LABEL_LENGTH) throw new NameError(`label longer than ${MAX_LABEL_LENGTH} octets`);
      len += l.length + 1;
      key += String.fromCharCode(l.length) + (/[A-Z]/.test(l) ? lowerOctets(l) : l);
    }
    if (len > MAX_NAME_WIRE_LENGTH) throw new NameError(`name longer than ${MAX_NAME_WIRE_LENGTH} octets`);
    return new DnsName(labels.concat(origin.labels), key + origin.key);
  }

  /**
   * parse reads a name in presentation form (RFC 1035 §5.1: `\.`, `\\` and `\DDD` escapes). A name
   * without a trailing dot is relative to `origin`; `@` is the origin itself. Without an origin, a
   * relative name is taken as absolute.
   */
  static parse(text: string, origin?: DnsName): DnsName {
    if (text === '@') {
      if (!origin) throw new NameError('"@" used without an origin');
      return origin;
    }
    if (text === '.') return DnsName.ROOT;
    if (text.length === 0) throw new NameError('empty name');
    const labels: string[] = [];
    let cur = '';
    let absolute = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === undefined) throw new NameError(`dangling escape in "${text}"`);
        if (next >= '0' && next <= '9') {
          const digits = text.slice(i + 1, i + 4);
          if (!/^[0-9]{3}$/.test(digits)) throw new NameError(`bad \\DDD escape in "${text}"`);
          const v = Number(digits);
          if (v > 255) throw new NameError(`escape \\${digits} out of range in "${text}"`);
          cur += String.fromCharCode(v);
          i += 3;
        } else {
          cur += next;
          i += 1;
        }
        continue;
      }
      if (ch === '.') {
        if (cur.length === 0) throw new NameError(`empty label in "${text}"`);
        labels.push(cur);
        cur = '';
        if (i === text.length - 1) absolute = true;
        continue;
      }
      const code = ch.charCodeAt(0);
      if (code > 0xff) {
        throw new NameError(`non-ASCII character in "${text}" (use the punycode xn-- form)`);
      }
      cur += ch;
    }
    if (cur.length > 0) labels.push(cur);
    const all = absolute || !origin ? labels : [...labels, ...origin.labels];
    try {
      return DnsName.fromLabels(all);
    } catch (e) {
      throw new NameError(`${(e as Error).message}: "${text}"`);
    }
  }

  /** fromKey rebuilds a name from its lowercase key (the labels come back lowercase). */
  static fromKey(key: string): DnsName {
    const labels: string[] = [];
    let i = 0;
    while (i < key.length) {
      const n = key.charCodeAt(i);
      labels.push(key.slice(i + 1, i + 1 + n));
      i += 1 + n;
    }
    return new DnsName(labels, key);
  }

  /** isRoot tells whether this is the root name. */
  get isRoot(): boolean {
    return this.labels.length === 0;
  }

  /** wireLength is the uncompressed wire size in octets. */
  get wireLength(): number {
    return this.key.length + 1;
  }

  /** equals compares names case-insensitively. */
  equals(other: DnsName): boolean {
    return this.key === other.key;
  }

  /** isSubdomainOf tells whether this name is `other` or below it. */
  isSubdomainOf(other: DnsName): boolean {
    const k = other.key;
    if (k.length === 0) return true;
    if (!this.key.endsWith(k)) return false;
    // The suffix must start on a label boundary.
    let i = 0;
    const start = this.key.length - k.length;
    while (i < start) i += 1 + this.key.charCodeAt(i);
    return i === start;
  }

  /** parent drops the leftmost label; the root has no parent. */
  parent(): DnsName | undefined {
    if (this.labels.length === 0) return undefined;
    const first = this.key.charCodeAt(0);
    return new DnsName(this.labels.slice(1), this.key.slice(1 + first));
  }

  /** prepend adds labels on the left (e.g. `*` for a wildcard owner). */
  prepend(...labels: string[]): DnsName {
    return DnsName.fromLabels([...labels, ...this.labels]);
  }

  /** isWildcard tells whether the leftmost label is `*` (RFC 4592 §2.1.1). */
  get isWildcard(): boolean {
    return this.labels[0] === '*';
  }

  /** relativeTo gives the labels of this name above `origin` ([] for the origin itself). */
  relativeLabels(origin: DnsName): string[] | undefined {
    if (!this.isSubdomainOf(origin)) return undefined;
    return this.labels.slice(0, this.labels.length - origin.labels.length);
  }

  /** toLowerCase gives the same name with ASCII letters folded. */
  toLowerCase(): DnsName {
    return new DnsName(this.labels.map(lowerOctets), this.key);
  }

  /** toString gives the absolute presentation form with a trailing dot, escaping special octets. */
  toString(): string {
    if (this.#text === undefined) {
      this.#text = this.labels.length === 0 ? '.' : this.labels.map(escapeLabel).join('.') + '.';
    }
    return this.#text;
  }

  /** toRelativeString gives the name relative to `origin` ("@" for the origin), or absolute if outside. */
  toRelativeString(origin: DnsName): string {
    const rel = this.relativeLabels(origin);
    if (rel === undefined) return this.toString();
    if (rel.length === 0) return '@';
    return rel.map(escapeLabel).join('.');
  }
}

/** escapeLabel gives a label in presentation form (RFC 1035 §5.1). */
export function escapeLabel(label: string): string {
  let out = '';
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    const ch = label[i]!;
    if (
      ch === '.' ||
      ch === '\\' ||
      ch === '"' ||
      ch === '(' ||
      ch === ')' ||
      ch === ';' ||
      ch === '@' ||
      ch === '$'
    ) {
      out += '\\' + ch;
    } else if (c <= 0x20 || c >= 0x7f) {
      out += '\\' + String(c).padStart(3, '0');
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * compareCanonical orders names as RFC 4034 §6.1 does: by labels from the right, each compared as
 * lowercase octet strings, a missing label sorting first.
 */
export function compareCanonical(a: DnsName, b: DnsName): number {
  const la = a.labels;
  const lb = b.labels;
  let i = la.length - 1;
  let j = lb.length - 1;
  while (i >= 0 && j >= 0) {
    const x = lowerOctets(la[i]!);
    const y = lowerOctets(lb[j]!);
    if (x !== y) {
      const n = Math.min(x.length, y.length);
      for (let k = 0; k < n; k++) {
        const d = x.charCodeAt(k) - y.charCodeAt(k);
        if (d !== 0) return d;
      }
      return x.length - y.length;
    }
    i--;
    j--;
  }
  return la.length - lb.length;
}

/**
 * isValidHostname tells whether a name is a usable host name for the update API: letters, digits and
 * hyphens in each label (RFC 952/1123), no leading or trailing hyphen, at least two labels.
 */
export function isValidHostname(name: DnsName): boolean {
  if (name.labels.length < 2) return false;
  return name.labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
}

// The response cache's fast path: reads an ordinary query straight from its octets (header, one question
// with an uncompressed qname, an optional plain OPT) and builds the cache key, without decoding a Message
// or allocating per-query objects. Anything unusual makes `scanQuery` return false so the caller takes the
// full slow path (dns/wire decode). Must never throw on any input.

/** QueryScan holds what scanQuery read; one instance is reused for every packet (no per-query garbage). */
export class QueryScan {
  /** qnameEnd is the octet offset just past the qname's root label (the question starts at 12). */
  qnameEnd = 0;
  qtype = 0;
  qclass = 0;
  /** hasEdns tells whether the query carried an OPT record (RFC 6891 §6.1.1). */
  hasEdns = false;
  /** payload is the requestor's UDP payload size as sent (0 without EDNS). */
  payload = 0;
  dnssecOk = false;
  /** keyLength is how many octets of `keyBytes` form the lowercase question part of the key. */
  keyLength = 0;
  /** keyBytes holds the lowercased question (qname, qtype, qclass) followed by variant octets. */
  readonly keyBytes: Buffer = Buffer.alloc(256 + 4 + 3);
}

/**
 * scanQuery checks that `p` is a plain QUERY (QR clear, opcode 0, QDCOUNT 1, no answer or authority
 * records, at most one additional which is a well-formed OPT of version 0 ending the packet) and fills `s`.
 * Returns false for anything else; the slow path then decides (FORMERR, NOTIMP, BADVERS...).
 */
export function scanQuery(p: Uint8Array, s: QueryScan): boolean {
  const len = p.length;
  if (len < 17) return false;
  // Header (RFC 1035 §4.1.1): QR=0 and opcode=0 => the top 5 bits of octet 2 are zero.
  if ((p[2]! & 0xf8) !== 0) return false;
  // QDCOUNT=1, ANCOUNT=0, NSCOUNT=0, ARCOUNT 0 or 1.
  if (p[4] !== 0 || p[5] !== 1 || p[6] !== 0 || p[7] !== 0 || p[8] !== 0 || p[9] !== 0 || p[10] !== 0)
    return false;
  const arcount = p[11]!;
  if (arcount > 1) return false;
  // qname: uncompressed labels only, lowercased into the key (RFC 4343 §3: only A-Z fold).
  const key = s.keyBytes;
  let i = 12;
  let k = 0;
  for (;;) {
    if (i >= len) return false;
    const l = p[i]!;
    if (l === 0) break;
    if (l > 63) return false; // compression pointers and extended label types: slow path
    if (i + 1 + l > len || k + 1 + l > 254) return false;
    key[k++] = l;
    i++;
    const end = i + l;
    for (; i < end; i++) {
      const c = p[i]!;
      key[k++] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
    }
  }
  key[k++] = 0;
  i++;
  if (i + 4 > len) return false;
  const qtype = (p[i]! << 8) | p[i + 1]!;
  const qclass = (p[i + 2]! << 8) | p[i + 3]!;
  key[k++] = p[i]!;
  key[k++] = p[i + 1]!;
  key[k++] = p[i + 2]!;
  key[k++] = p[i + 3]!;
  s.qnameEnd = i;
  i += 4;
  s.qtype = qtype;
  s.qclass = qclass;
  s.keyLength = k;
  if (arcount === 0) {
    if (i !== len) return false;
    s.hasEdns = false;
    s.payload = 0;
    s.dnssecOk = false;
    return true;
  }
  // OPT (RFC 6891 §6.1.2): root owner, type 41, CLASS = payload, TTL = ext-rcode, version, DO+Z, rdata.
  if (i + 11 > len) return false;
  if (p[i] !== 0 || p[i + 1] !== 0 || p[i + 2] !== 41) return false;
  const payload = (p[i + 3]! << 8) | p[i + 4]!;
  if (p[i + 5] !== 0 || p[i + 6] !== 0) return false; // extended rcode must be 0, version 0
  const dnssecOk = (p[i + 7]! & 0x80) !== 0;
  const rdlen = (p[i + 9]! << 8) | p[i + 10]!;
  i += 11;
  if (i + rdlen !== len) return false;
  // Options are ignored (RFC 6891 §6.1.2) but must be well-formed TLVs, as the slow path would require.
  while (i < len) {
    if (i + 4 > len) return false;
    const olen = (p[i + 2]! << 8) | p[i + 3]!;
    i += 4 + olen;
  }
  if (i !== len) return false;
  s.hasEdns = true;
  s.payload = payload;
  s.dnssecOk = dnssecOk;
  return true;
}

/**
 * finishScanKey appends the response variant (transport, EDNS presence, DO bit, size limit) to the key
 * and returns it as a latin1 string usable as a Map key.
 */
export function finishScanKey(s: QueryScan, tcp: boolean, maxSize: number): string {
  const key = s.keyBytes;
  let k = s.keyLength;
  key[k++] = (tcp ? 1 : 0) | (s.hasEdns ? 2 : 0) | (s.dnssecOk ? 4 : 0);
  key[k++] = maxSize >>> 8;
  key[k++] = maxSize & 0xff;
  return key.toString('latin1', 0, k);
}

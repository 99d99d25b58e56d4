// The outcome of looking a question up in one zone (RFC 1034 §4.3.2), as a value. The name server turns
// it into flags, rcode and sections in one place (nameserver/answer.ts); nothing here knows the wire.
import type { RRset } from '../dns/record.js';

/**
 * LookupResult is what zone lookup found. `answers` always holds the CNAME chain followed inside the zone
 * (RFC 1034 §4.3.2 step 3a), ending with the matching RRsets for `answer`.
 * - answer: the qtype RRset(s) exist at the (final) name; `additionals` holds in-zone A/AAAA for
 *   NS/MX/SRV targets.
 * - cname: the chain leaves the zone (or loops); the resolver continues from the last CNAME.
 * - nodata: the name exists (or is an empty non-terminal) but not with this type; `soa` carries the
 *   negative-caching TTL min(SOA TTL, SOA MINIMUM) (RFC 2308 §3).
 * - nxdomain: no such name (RFC 2308 §2.1), `soa` as for nodata.
 * - referral: the name is at or below a zone cut; `ns` is the delegation, `glue` the addresses of
 *   in-bailiwick name servers (RFC 1034 §4.3.2 step 3b). Not authoritative.
 */
export type LookupResult =
  | { readonly kind: 'answer'; readonly answers: readonly RRset[]; readonly additionals: readonly RRset[] }
  | { readonly kind: 'cname'; readonly answers: readonly RRset[] }
  | { readonly kind: 'nodata'; readonly answers: readonly RRset[]; readonly soa: RRset }
  | { readonly kind: 'nxdomain'; readonly answers: readonly RRset[]; readonly soa: RRset }
  | {
      readonly kind: 'referral';
      readonly answers: readonly RRset[];
      readonly ns: RRset;
      readonly glue: readonly RRset[];
    };

// The rdata model: one variant per record type Dynzone understands, and an opaque variant for the rest
// (RFC 3597). Wire and text codecs live in dns/wire/rdata-wire.ts and dns/zonefile/rdata-text.ts.
import type { DnsName } from './name.js';

/** Rdata is the typed content of a resource record; `kind` names the variant. */
export type Rdata =
  | { readonly kind: 'A'; readonly address: string }
  | { readonly kind: 'AAAA'; readonly address: string }
  | { readonly kind: 'NS'; readonly target: DnsName }
  | { readonly kind: 'CNAME'; readonly target: DnsName }
  | { readonly kind: 'PTR'; readonly target: DnsName }
  | { readonly kind: 'MX'; readonly preference: number; readonly exchange: DnsName }
  | { readonly kind: 'TXT'; readonly strings: readonly Uint8Array[] }
  | {
      readonly kind: 'SRV';
      readonly priority: number;
      readonly weight: number;
      readonly port: number;
      readonly target: DnsName;
    }
  | { readonly kind: 'CAA'; readonly flags: number; readonly tag: string; readonly value: Uint8Array }
  | {
      readonly kind: 'SOA';
      readonly mname: DnsName;
      readonly rname: DnsName;
      readonly serial: number;
      readonly refresh: number;
      readonly retry: number;
      readonly expire: number;
      readonly minimum: number;
    }
  /** HINFO appears only in synthesized RFC 8482 answers and imported zones. */
  | { readonly kind: 'HINFO'; readonly cpu: Uint8Array; readonly os: Uint8Array }
  /** UNKNOWN carries raw octets for any other type (RFC 3597). */
  | { readonly kind: 'UNKNOWN'; readonly data: Uint8Array };

/** RdataKind lists the `kind` discriminants. */
export type RdataKind = Rdata['kind'];

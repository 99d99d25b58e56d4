// The DNS message model (RFC 1035 §4.1, RFC 6891 §6). Plain values; dns/wire/ turns them into octets
// and back. The OPT pseudo-record never appears in `additionals`: it is lifted into `edns`.
import type { DnsName } from './name.js';
import type { ResourceRecord } from './record.js';

/** Question is one entry of the question section. */
export interface Question {
  readonly name: DnsName;
  readonly type: number;
  readonly class: number;
}

/** EdnsOption is one option of the OPT record's rdata (RFC 6891 §6.1.2). */
export interface EdnsOption {
  readonly code: number;
  readonly data: Uint8Array;
}

/** Edns carries the OPT pseudo-record's fields (RFC 6891 §6.1.2-6.1.3). */
export interface Edns {
  readonly udpPayloadSize: number;
  readonly version: number;
  readonly dnssecOk: boolean;
  readonly options: readonly EdnsOption[];
}

/** HeaderFlags are the header's single-bit flags and opcode (RFC 1035 §4.1.1, RFC 4035 §3.2). */
export interface HeaderFlags {
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly z: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
}

/** Message is a whole DNS message; `rcode` is the full 12-bit value (header 4 bits + OPT 8 bits). */
export interface Message {
  readonly id: number;
  readonly flags: HeaderFlags;
  readonly rcode: number;
  readonly questions: readonly Question[];
  readonly answers: readonly ResourceRecord[];
  readonly authorities: readonly ResourceRecord[];
  readonly additionals: readonly ResourceRecord[];
  readonly edns?: Edns;
}

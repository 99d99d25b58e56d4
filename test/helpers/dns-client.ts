// Raw-packet DNS client for tests: builds query octets with exact control (case, EDNS version, unknown
// options, opcode, QDCOUNT), sends them over UDP or TCP to a loopback server and returns the reply's raw
// octets plus a decoded view (wire-view.ts). Every operation has a hard timeout. Not used by the product.
import dgram from 'node:dgram';
import net from 'node:net';
import { decodeMessage } from '../../src/dns/wire/decode.js';
import type { Message } from '../../src/dns/message.js';
import { decodeWire, type WireMessage } from './wire-view.js';

/** QueryEdns selects the OPT record of a query (RFC 6891 §6.1.2); omit it for a query without EDNS. */
export interface QueryEdns {
  readonly udpPayloadSize?: number;
  readonly version?: number;
  readonly dnssecOk?: boolean;
  readonly options?: readonly { readonly code: number; readonly data: Uint8Array }[];
}

/** QuerySpec describes one query message. `qname` is presentation text; its case is sent as written. */
export interface QuerySpec {
  readonly id?: number;
  readonly qname: string;
  readonly qtype: number;
  readonly qclass?: number;
  readonly rd?: boolean;
  readonly opcode?: number;
  readonly edns?: QueryEdns;
  /** qdcount overrides the header count, e.g. 0 or 2 for FORMERR cases; the question is still written once. */
  readonly qdcount?: number;
}

/** DnsReply is one response: the octets as received and their decoded view. */
export interface DnsReply {
  readonly bytes: Buffer;
  readonly message: WireMessage;
}

/** encodeName writes a presentation-form name as uncompressed wire labels (`\.` and `\DDD` escapes allowed). */
export function encodeName(text: string): Buffer {
  const parts: Buffer[] = [];
  const labels: number[][] = [];
  let cur: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      const d = text.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d)) {
        cur.push(Number(d));
        i += 3;
      } else {
        cur.push(text.charCodeAt(i + 1));
        i += 1;
      }
    } else if (ch === '.') {
      labels.push(cur);
      cur = [];
    } else cur.push(text.charCodeAt(i));
  }
  if (cur.length > 0) labels.push(cur);
  for (const l of labels) {
    if (l.length === 0) continue;
    parts.push(Buffer.from([l.length, ...l]));
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** buildQuery encodes a query message from a QuerySpec (RFC 1035 §4.1, RFC 6891 §6.1). */
export function buildQuery(spec: QuerySpec): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(spec.id ?? 0x1234, 0);
  header[2] = ((spec.opcode ?? 0) << 3) | (spec.rd ? 1 : 0);
  header.writeUInt16BE(spec.qdcount ?? 1, 4);
  header.writeUInt16BE(spec.edns ? 1 : 0, 10);
  const question = Buffer.concat([encodeName(spec.qname), Buffer.alloc(4)]);
  question.writeUInt16BE(spec.qtype, question.length - 4);
  question.writeUInt16BE(spec.qclass ?? 1, question.length - 2);
  if (!spec.edns) return Buffer.concat([header, question]);
  const e = spec.edns;
  const opts = Buffer.concat(
    (e.options ?? []).map((o) => {
      const h = Buffer.alloc(4);
      h.writeUInt16BE(o.code, 0);
      h.writeUInt16BE(o.data.length, 2);
      return Buffer.concat([h, Buffer.from(o.data)]);
    }),
  );
  const opt = Buffer.alloc(11);
  opt[0] = 0; // root owner
  opt.writeUInt16BE(41, 1);
  opt.writeUInt16BE(e.udpPayloadSize ?? 1232, 3);
  opt[5] = 0; // extended RCODE
  opt[6] = e.version ?? 0;
  opt.writeUInt16BE(e.dnssecOk ? 0x8000 : 0, 7);
  opt.writeUInt16BE(opts.length, 9);
  return Buffer.concat([header, question, opt, opts]);
}

/** productMessage decodes a reply with the product codec (src/dns/wire), for tests that want `Message`. */
export function productMessage(reply: DnsReply): Message {
  return decodeMessage(reply.bytes);
}

/** queryUdp sends one datagram and waits for the reply with the same ID; rejects after `timeoutMs`. */
export async function queryUdp(
  host: string,
  port: number,
  query: Uint8Array,
  timeoutMs = 2000,
): Promise<DnsReply> {
  const client = new UdpClient(host, port);
  try {
    return await client.query(query, timeoutMs);
  } finally {
    client.close();
  }
}

/** UdpClient keeps one socket for many concurrent queries, matching replies by ID. */
export class UdpClient {
  readonly #socket: dgram.Socket;
  readonly #pending = new Map<number, (b: Buffer) => void>();
  #ready: Promise<void>;

  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    this.#socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    this.#socket.on('message', (msg) => {
      if (msg.length < 2) return;
      const waiter = this.#pending.get(msg.readUInt16BE(0));
      if (waiter) waiter(msg);
    });
    this.#socket.on('error', () => undefined);
    this.#ready = new Promise((resolve) =>
      this.#socket.bind(0, host.includes(':') ? '::1' : '127.0.0.1', resolve),
    );
  }

  /** query sends `query` (whose ID must be unique among outstanding queries) and resolves with the reply. */
  async query(query: Uint8Array, timeoutMs = 2000, retries = 1): Promise<DnsReply> {
    await this.#ready;
    const id = (query[0]! << 8) | query[1]!;
    if (this.#pending.has(id)) throw new Error(`query ID ${id} already outstanding`);
    for (let attempt = 0; ; attempt++) {
      try {
        const bytes = await new Promise<Buffer>((resolve, reject) => {
          const timer = setTimeout(() => {
            this.#pending.delete(id);
            reject(
              new Error(`UDP query ID ${id} to ${this.host}:${this.port}: no reply within ${timeoutMs} ms`),
            );
          }, timeoutMs);
          this.#pending.set(id, (b) => {
            clearTimeout(timer);
            this.#pending.delete(id);
            resolve(b);
          });
          this.#socket.send(query, this.port, this.host);
        });
        return { bytes, message: decodeWire(bytes) };
      } catch (err) {
        if (attempt >= retries) throw err;
      }
    }
  }

  /** close releases the socket. */
  close(): void {
    this.#socket.close();
  }
}

/** TcpConnection is one DNS-over-TCP connection with explicit control of what is written when (RFC 7766). */
export class TcpConnection {
  readonly #socket: net.Socket;
  #buffer = Buffer.alloc(0);
  #closed = false;
  #waiters: (() => void)[] = [];

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on('data', (d) => {
      this.#buffer = Buffer.concat([this.#buffer, d]);
      this.#wake();
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
    socket.on('error', () => undefined);
  }

  /** connect opens a connection; rejects after `timeoutMs`. */
  static connect(host: string, port: number, timeoutMs = 2000): Promise<TcpConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`TCP connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new TcpConnection(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** closed tells whether the peer (or we) closed the connection. */
  get closed(): boolean {
    return this.#closed;
  }

  /** writeRaw writes octets as they are (no length prefix) and waits until they are flushed to the kernel. */
  writeRaw(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#socket.write(bytes, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** send writes one or more messages, each with its two-byte length prefix, in a single write (RFC 1035 §4.2.2). */
  send(...messages: Uint8Array[]): Promise<void> {
    const parts: Buffer[] = [];
    for (const m of messages) {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(m.length, 0);
      parts.push(len, Buffer.from(m));
    }
    return this.writeRaw(Buffer.concat(parts));
  }

  /** readReply waits for the next length-prefixed message; rejects on close or after `timeoutMs`. */
  async readReply(timeoutMs = 2000): Promise<DnsReply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#buffer.length >= 2) {
        const len = this.#buffer.readUInt16BE(0);
        if (this.#buffer.length >= 2 + len) {
          const bytes = Buffer.from(this.#buffer.subarray(2, 2 + len));
          this.#buffer = this.#buffer.subarray(2 + len);
          return { bytes, message: decodeWire(bytes) };
        }
      }
      if (this.#closed) throw new Error('TCP connection closed before a complete reply');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no TCP reply within ${timeoutMs} ms`);
      await this.#waitEvent(left);
    }
  }

  /** waitClosed resolves true if the peer closes the connection within `timeoutMs`, false otherwise. */
  async waitClosed(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.#waitEvent(left);
    }
    return true;
  }

  #waitEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** close destroys the connection. */
  close(): void {
    this.#socket.destroy();
  }
}

/** queryTcp opens a connection, sends one query, reads one reply and closes. */
export async function queryTcp(
  host: string,
  port: number,
  query: Uint8Array,
  timeoutMs = 2000,
): Promise<DnsReply> {
  const conn = await TcpConnection.connect(host, port, timeoutMs);
  try {
    await conn.send(query);
    return await conn.readReply(timeoutMs);
  } finally {
    conn.close();
  }
}

/** typeNumber maps the mnemonics used in query files to type numbers (RFC 1035 §3.2.2, RFC 3596). */
export function typeNumber(mnemonic: string): number {
  const known: Record<string, number> = {
    A: 1,
    NS: 2,
    CNAME: 5,
    SOA: 6,
    PTR: 12,
    HINFO: 13,
    MX: 15,
    TXT: 16,
    AAAA: 28,
    SRV: 33,
    DS: 43,
    AXFR: 252,
    ANY: 255,
    CAA: 257,
  };
  const m = /^TYPE(\d+)$/i.exec(mnemonic);
  if (m) return Number(m[1]);
  const v = known[mnemonic.toUpperCase()];
  if (v === undefined) throw new Error(`unknown type mnemonic ${mnemonic}`);
  return v;
}

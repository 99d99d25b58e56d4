// DNS over UDP (RFC 1035 §4.2.1) with batched socket I/O: the addon (udp-addon.ts) reads up to `batch`
// datagrams per system call into one shared block and calls back once per batch; each query is answered
// synchronously by the QueryHandler, its response written over the query's slot, and the addon sends the
// whole batch back in one system call to the addresses the queries came from. Same contract as udp.ts:
// nothing a peer sends, and no failed send, can throw out of here or stop the socket; the handler's
// counters and query log see the same events as over node:dgram. With `reusePort` every worker process
// binds its own socket on the same port (SO_REUSEPORT) and the kernel spreads the datagrams across them.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { endianness } from 'node:os';
import type { QueryHandler } from '../query-handler.js';
import { NOTEWORTHY_RCODES } from '../query-stats.js';
import { UDP_STAT_NAMES, loadUdpAddon, type UdpAddon, type UdpAddonHandle } from './udp-addon.js';
import type { TransportLog } from './udp.js';

/** BatchedUdpOptions tune a batched UDP listener; every field has a default. */
export interface BatchedUdpOptions {
  /** reusePort sets SO_REUSEPORT so other processes (our DNS workers) bind the same port. */
  readonly reusePort?: boolean;
  /** batch is the number of datagrams read per system call (default 64). */
  readonly batch?: number;
  /** slotSize is the room for one datagram and its response (default 65536: any UDP payload fits). */
  readonly slotSize?: number;
  /** recvBufferSize sets SO_RCVBUF (default: the kernel's). */
  readonly recvBufferSize?: number;
  readonly log?: TransportLog | undefined;
}

/** UdpBatchStats are the socket's counters since it was opened. */
export type UdpBatchStats = Record<(typeof UDP_STAT_NAMES)[number], number>;

/** UdpPeer is the address a datagram came from (and its response goes to). */
export interface UdpPeer {
  readonly address: string;
  readonly port: number;
  /** scopeId is the IPv6 scope (interface index); 0 for IPv4 and global addresses. */
  readonly scopeId: number;
}

/** BatchedUdpListener is a bound UDP socket served with batched I/O (the shape of UdpListener). */
export interface BatchedUdpListener {
  readonly host: string;
  readonly port: number;
  /** stats reads the counters (received, sent, sendDropped...). */
  stats(): UdpBatchStats;
  /** close stops serving; resolves when the socket is closed. */
  close(): Promise<void>;
  /** injectSendErrors makes the next `count` sends fail with `errno` (tests of the failure path). */
  injectSendErrors(errno: number, count: number): void;
  /** onBatch, when set, sees each batch's peers before it is answered (tests). */
  onBatch: ((peers: readonly UdpPeer[]) => void) | undefined;
}

/** requireAddon returns the addon or throws why it is unavailable. */
function requireAddon(): UdpAddon {
  const r = loadUdpAddon();
  if ('addon' in r) return r.addon;
  throw new Error(`batched UDP addon unavailable: ${r.reason}`);
}

/** LITTLE_ENDIAN tells how sa_family and sin6_scope_id (host byte order) are stored. */
const LITTLE_ENDIAN = endianness() === 'LE';
/** AF_INET6 is Linux's address family number for IPv6. */
const AF_INET6 = 10;

/** formatIPv6 writes 16 octets in RFC 5952 form (longest run of zero groups as ::). */
function formatIPv6(b: Buffer, off: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(b.readUInt16BE(off + 2 * i));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** readPeer decodes the sockaddr_in / sockaddr_in6 the kernel wrote at `off`. */
function readPeer(b: Buffer, off: number): UdpPeer {
  const family = LITTLE_ENDIAN ? b.readUInt16LE(off) : b.readUInt16BE(off);
  const port = b.readUInt16BE(off + 2);
  if (family !== AF_INET6)
    return { address: `${b[off + 4]}.${b[off + 5]}.${b[off + 6]}.${b[off + 7]}`, port, scopeId: 0 };
  const scopeId = LITTLE_ENDIAN ? b.readUInt32LE(off + 24) : b.readUInt32BE(off + 24);
  return { address: formatIPv6(b, off + 8), port, scopeId };
}

/** bindBatchedUdp binds host:port (port 0 = any free port) and serves queries with `handler`. */
export async function bindBatchedUdp(
  host: string,
  port: number,
  handler: QueryHandler,
  options: BatchedUdpOptions = {},
): Promise<BatchedUdpListener> {
  const addon = requireAddon();
  const log = options.log;
  const batch = options.batch ?? 64;
  const slot = options.slotSize ?? 65536;
  // Like dgram.bind: a name is resolved (IPv4, as a udp4 socket would).
  const address = isIP(host.replace(/%.*$/, '')) !== 0 ? host : (await lookup(host, { family: 4 })).address;

  let rx: Buffer = Buffer.alloc(0);
  let peers: Buffer = Buffer.alloc(0);
  let lens = new Int32Array(0);
  const hooks: { onBatch: BatchedUdpListener['onBatch'] } = { onBatch: undefined };
  const onBatch = (n: number): void => {
    const watch = hooks.onBatch;
    if (watch !== undefined) {
      const seen: UdpPeer[] = [];
      for (let i = 0; i < n; i++) seen.push(readPeer(peers, i * addon.PEER_SLOT));
      try {
        watch(seen);
      } catch {
        // a test hook must not break serving
      }
    }
    for (let i = 0; i < n; i++) {
      const len = lens[i]!;
      if (len < 0) {
        lens[i] = 0; // larger than a slot: the kernel cut it, so it cannot be answered faithfully
        handler.stats.countDropped(false);
        continue;
      }
      const off = i * slot;
      let out: Uint8Array | null;
      try {
        const query = rx.subarray(off, off + len);
        out = handler.handle(query, false);
        // The peer's text is made only for the few queries the query log may want (before the answer
        // overwrites the query in its slot).
        if (handler.queryLog !== undefined && (out === null || NOTEWORTHY_RCODES.has(out[3]! & 0x0f)))
          handler.noteAnswer(readPeer(peers, i * addon.PEER_SLOT).address, false, query, out);
      } catch (error) {
        // handle() never throws by contract; this is the last line of defence for the socket.
        handler.stats.countError(false, 'handler');
        log?.warn({ err: error }, 'udp query failed');
        out = null;
      }
      if (out === null || out.length > slot) {
        lens[i] = 0;
        continue;
      }
      rx.set(out, off);
      lens[i] = out.length;
    }
  };
  // Send failures come once per batch (with the number of answers lost), never queued; the warning is
  // written at most once a second so a full send buffer under a flood does not become a log flood.
  let lastWarn = 0;
  let unlogged = 0;
  const onError = (code: string, syscall: string, lost: number): void => {
    for (let k = 0; k < Math.max(1, lost); k++) handler.stats.countError(false, 'socket');
    unlogged += Math.max(1, lost);
    const now = Date.now();
    if (now - lastWarn < 1000) return;
    log?.warn({ err: { code, syscall }, lost: unlogged }, 'udp socket error');
    lastWarn = now;
    unlogged = 0;
  };

  const [handle, block, bound]: [UdpAddonHandle, ArrayBuffer, number] = addon.open(
    address,
    port,
    options.reusePort ?? false,
    batch,
    slot,
    options.recvBufferSize ?? 0,
    onBatch,
    onError,
  );
  rx = Buffer.from(block, 0, batch * slot);
  peers = Buffer.from(block, batch * slot, batch * addon.PEER_SLOT);
  lens = new Int32Array(block, batch * (slot + addon.PEER_SLOT), batch);
  let closed: Promise<void> | undefined;
  return {
    host,
    port: bound,
    get onBatch() {
      return hooks.onBatch;
    },
    set onBatch(f) {
      hooks.onBatch = f;
    },
    stats: () => {
      const v = addon.stats(handle);
      const out = {} as UdpBatchStats;
      UDP_STAT_NAMES.forEach((name, i) => (out[name] = v[i] ?? 0));
      return out;
    },
    injectSendErrors: (errno, count) => addon.injectSendErrors(handle, errno, count),
    // The socket is closed at once (the port is free when this resolves); the poll handle goes later.
    close: () => (closed ??= Promise.resolve().then(() => addon.close(handle))),
  };
}

// Starts and stops the name server: one QueryHandler for the catalog, and for each listen address a UDP
// socket and a TCP listener on the same port (RFC 7766 §5: TCP where UDP is served). With port 0 the UDP
// port is chosen first and TCP binds the same number, retrying on collision. Graceful close: stop
// accepting, let TCP connections answer what they have read, then close every socket. UDP is served with
// batched socket I/O (transport/udp-batch.ts) when the addon is built, else with node:dgram (udp.ts).
import { QueryHandler, type QueryHandlerOptions } from './query-handler.js';
import { bindUdp, type TransportLog, type UdpListener } from './transport/udp.js';
import { bindBatchedUdp } from './transport/udp-batch.js';
import {
  chooseUdpTransport,
  type UdpTransportChoice,
  type UdpTransportRequest,
} from './transport/udp-addon.js';
import { listenTcp, type TcpListener, type TcpOptions } from './transport/tcp.js';
import type { ZoneSource } from './zone-source.js';

/** NameServerOptions configure startNameServer. */
export interface NameServerOptions {
  readonly catalog: ZoneSource;
  /** listen lists the addresses to serve; port 0 picks a free port shared by UDP and TCP. */
  readonly listen: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  readonly log?: TransportLog | undefined;
  readonly query?: QueryHandlerOptions;
  readonly tcp?: Omit<TcpOptions, 'log' | 'exclusive'>;
  /**
   * shared: true binds non-exclusively so node:cluster workers share the primary's sockets (TCP, and
   * UDP over node:dgram); batched UDP sockets are then bound per worker with SO_REUSEPORT instead.
   */
  readonly shared?: boolean;
  /** udp picks the UDP transport (default: DYNZONE_DNS_UDP, else the addon when built, else node:dgram). */
  readonly udp?: UdpTransportRequest;
  /** handler reuses an existing QueryHandler (and its cache) instead of creating one. */
  readonly handler?: QueryHandler;
}

/** ServedAddress is one address being served over both UDP and TCP. */
export interface ServedAddress {
  readonly host: string;
  readonly port: number;
}

/** RunningNameServer is a started name server. */
export interface RunningNameServer {
  readonly addresses: readonly ServedAddress[];
  readonly handler: QueryHandler;
  /** udp is the UDP transport in use (and why node:dgram, when it is). */
  readonly udp: UdpTransportChoice;
  /** close stops accepting, finishes in-flight TCP answers and closes every socket. */
  close(): Promise<void>;
}

/** ServedUdp is what the server needs of a UDP listener of either transport. */
type ServedUdp = Pick<UdpListener, 'host' | 'port' | 'close'>;

/** PORT_RETRIES bounds the attempts to find a port free for both UDP and TCP when port 0 is asked. */
const PORT_RETRIES = 20;

async function bindPair(
  host: string,
  port: number,
  handler: QueryHandler,
  opts: NameServerOptions,
  udpKind: UdpTransportChoice['kind'],
): Promise<{ udp: ServedUdp; tcp: TcpListener }> {
  const exclusive = !(opts.shared ?? false);
  const tcpOptions: TcpOptions = { ...opts.tcp, exclusive, log: opts.log };
  for (let attempt = 0; ; attempt++) {
    const udp =
      udpKind === 'native'
        ? await bindBatchedUdp(host, port, handler, { reusePort: !exclusive, log: opts.log })
        : await bindUdp(host, port, handler, { exclusive, log: opts.log });
    try {
      const tcp = await listenTcp(host, udp.port, handler, tcpOptions);
      return { udp, tcp };
    } catch (err) {
      await udp.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (port !== 0 || code !== 'EADDRINUSE' || attempt >= PORT_RETRIES) throw err;
    }
  }
}

/**
 * startNameServer binds UDP and TCP on every listen address and serves `catalog`. If any address fails
 * to bind, the ones already bound are closed and the error is thrown.
 */
export async function startNameServer(opts: NameServerOptions): Promise<RunningNameServer> {
  const udp = chooseUdpTransport(opts.udp);
  if (udp.fallback === true)
    opts.log?.warn({ reason: udp.reason }, 'batched UDP socket I/O unavailable; serving UDP with node:dgram');
  const handler = opts.handler ?? new QueryHandler(opts.catalog, opts.query);
  const pairs: Array<{ udp: ServedUdp; tcp: TcpListener }> = [];
  try {
    for (const a of opts.listen) pairs.push(await bindPair(a.host, a.port, handler, opts, udp.kind));
  } catch (err) {
    await Promise.all(pairs.flatMap((p) => [p.udp.close(), p.tcp.close(0)]));
    if (opts.handler === undefined) handler.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    addresses: pairs.map((p) => ({ host: p.udp.host, port: p.udp.port })),
    handler,
    udp,
    close: () =>
      (closing ??= (async () => {
        // UDP has nothing in flight (answers are sent synchronously); TCP finishes what it has read.
        await Promise.all(pairs.flatMap((p) => [p.tcp.close(), p.udp.close()]));
        if (opts.handler === undefined) handler.close();
      })()),
  };
}

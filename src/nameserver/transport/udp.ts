// DNS over UDP (RFC 1035 §4.2.1): one dgram socket per address, each datagram answered synchronously by
// the QueryHandler. One try/catch per datagram and an 'error' listener on the socket, so nothing a peer
// sends (or a failed send) can crash the process. The EDNS size limit and TC are the handler's business.
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { QueryHandler } from '../query-handler.js';

/** TransportLog is the tiny logging surface transports use (pino-compatible). */
export interface TransportLog {
  warn(obj: object, msg?: string): void;
}

/** UdpListener is a bound UDP socket serving queries. */
export interface UdpListener {
  readonly host: string;
  readonly port: number;
  readonly socket: Socket;
  /** close stops serving; resolves when the socket is closed. */
  close(): Promise<void>;
}

/** UdpOptions tune a UDP listener. */
export interface UdpOptions {
  /** exclusive: false lets cluster workers share the primary's socket (node:cluster default). */
  readonly exclusive?: boolean;
  readonly log?: TransportLog | undefined;
}

/** bindUdp binds host:port (port 0 = any free port) and serves queries with `handler`. */
export function bindUdp(
  host: string,
  port: number,
  handler: QueryHandler,
  options: UdpOptions = {},
): Promise<UdpListener> {
  const v6 = isIPv6(host);
  // ipv6Only keeps "::" from also taking the IPv4 port, so "0.0.0.0" and "::" can both be listed.
  const socket = createSocket(v6 ? { type: 'udp6', ipv6Only: true } : { type: 'udp4' });
  const log = options.log;
  socket.on('message', (msg, rinfo) => {
    let out: Uint8Array | null;
    try {
      out = handler.handle(msg, false);
      handler.noteAnswer(rinfo.address, false, msg, out);
    } catch (error) {
      // handle() never throws by contract; this is the last line of defence for the socket.
      handler.stats.countError(false, 'handler');
      log?.warn({ err: error }, 'udp query failed');
      return;
    }
    // Without a callback, a failed send is emitted as 'error' (handled below), not thrown.
    if (out !== null) socket.send(out, rinfo.port, rinfo.address);
  });
  return new Promise<UdpListener>((resolve, reject) => {
    const onBindError = (err: Error): void => {
      socket.close();
      reject(err);
    };
    socket.once('error', onBindError);
    socket.bind({ address: host, port, exclusive: options.exclusive ?? false }, () => {
      socket.off('error', onBindError);
      socket.on('error', (err) => {
        handler.stats.countError(false, 'socket');
        log?.warn({ err }, 'udp socket error');
      });
      const addr = socket.address();
      let closed: Promise<void> | undefined;
      resolve({
        host,
        port: addr.port,
        socket,
        close: () =>
          (closed ??= new Promise<void>((done) => {
            try {
              socket.close(() => done());
            } catch {
              done();
            }
          })),
      });
    });
  });
}

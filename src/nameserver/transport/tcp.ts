// DNS over TCP (RFC 1035 §4.2.2, RFC 7766): two-octet length framing that may arrive split anywhere,
// pipelined queries answered in order on one connection, an idle timeout, a cap on connections and on the
// queries handled per turn, write back-pressure (stop reading while the peer does not read), and graceful
// close. A malformed frame closes only its own connection.
import { createServer, type Server, type Socket } from 'node:net';
import type { QueryHandler } from '../query-handler.js';
import type { TransportLog } from './udp.js';

/** TcpOptions tune a TCP listener; every field has a default. */
export interface TcpOptions {
  /** idleTimeoutMs closes a connection with no traffic for this long (default 10 s, RFC 7766 §6.2.3). */
  readonly idleTimeoutMs?: number;
  /** maxConnections caps concurrent connections (default 1000); more are refused by the kernel side. */
  readonly maxConnections?: number;
  /** maxQueriesPerTurn caps the pipelined queries answered before yielding to other connections (default 64). */
  readonly maxQueriesPerTurn?: number;
  /** exclusive: false lets cluster workers share the listening socket. */
  readonly exclusive?: boolean;
  readonly log?: TransportLog | undefined;
}

/** TcpListener is a listening TCP server serving queries. */
export interface TcpListener {
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  /** connectionCount is the number of open connections. */
  readonly connectionCount: number;
  /** close stops accepting, lets each connection finish what it has read and flush, then closes it. */
  close(graceMs?: number): Promise<void>;
}

/** MIN_FRAME is the smallest acceptable message: a header (RFC 1035 §4.1.1). */
const MIN_FRAME = 12;

/** TcpConnection frames, answers and writes back for one client socket. */
class TcpConnection {
  readonly socket: Socket;
  readonly #handler: QueryHandler;
  readonly #maxPerTurn: number;
  #buf: Buffer = Buffer.alloc(0);
  #off = 0;
  /** #blocked is set while waiting for 'drain' or for the next turn. */
  #blocked = false;
  #closing = false;
  #turnScheduled = false;

  constructor(socket: Socket, handler: QueryHandler, maxPerTurn: number) {
    this.socket = socket;
    this.#handler = handler;
    this.#maxPerTurn = maxPerTurn;
  }

  /** onData appends octets and answers every complete frame it can. */
  onData(chunk: Buffer): void {
    const left = this.#buf.length - this.#off;
    this.#buf = left === 0 ? chunk : Buffer.concat([this.#buf.subarray(this.#off), chunk]);
    this.#off = 0;
    if (!this.#blocked) this.process();
  }

  /**
   * process answers frames in order until input runs out, the turn ends or writes back up. The answers
   * of one turn are corked into one write (writev) instead of one system call each.
   */
  process(): void {
    this.socket.cork();
    try {
      this.#process();
    } finally {
      if (!this.socket.destroyed) this.socket.uncork();
    }
  }

  /** #process is the loop of process(), run while the socket is corked. */
  #process(): void {
    this.#blocked = false;
    const socket = this.socket;
    let handled = 0;
    for (;;) {
      if (socket.destroyed) return;
      const buf = this.#buf;
      const off = this.#off;
      if (buf.length - off < 2) break;
      const len = (buf[off]! << 8) | buf[off + 1]!;
      if (len < MIN_FRAME) {
        // RFC 7766 §8: a frame that cannot be a DNS message ends this connection only.
        this.#handler.stats.countError(true, 'framing');
        socket.destroy();
        return;
      }
      if (buf.length - off - 2 < len) break;
      const msg = buf.subarray(off + 2, off + 2 + len);
      this.#off = off + 2 + len;
      const out = this.#handler.handle(msg, true);
      this.#handler.noteAnswer(socket.remoteAddress ?? '', true, msg, out);
      if (out !== null) {
        const frame = Buffer.allocUnsafe(out.length + 2);
        frame[0] = out.length >>> 8;
        frame[1] = out.length & 0xff;
        frame.set(out, 2);
        if (!socket.write(frame)) {
          // Back-pressure: stop reading until the peer has taken what we wrote.
          this.#block();
          socket.once('drain', () => this.#unblock());
          return;
        }
      }
      if (++handled >= this.#maxPerTurn && this.#buf.length - this.#off >= 2) {
        // Fairness: let other connections and datagrams run before answering more of this pipeline.
        this.#block();
        if (!this.#turnScheduled) {
          this.#turnScheduled = true;
          setImmediate(() => {
            this.#turnScheduled = false;
            this.#unblock();
          });
        }
        return;
      }
    }
    if (this.#off === this.#buf.length) {
      this.#buf = Buffer.alloc(0);
      this.#off = 0;
    }
    if (this.#closing) socket.end();
  }

  #block(): void {
    this.#blocked = true;
    this.socket.pause();
  }

  #unblock(): void {
    if (this.socket.destroyed) return;
    this.socket.resume();
    this.process();
  }

  /** shutdown ends the connection after the frames already read are answered and flushed. */
  shutdown(): void {
    this.#closing = true;
    if (!this.#blocked) this.socket.end();
  }
}

/** listenTcp listens on host:port and serves queries with `handler`. */
export function listenTcp(
  host: string,
  port: number,
  handler: QueryHandler,
  options: TcpOptions = {},
): Promise<TcpListener> {
  const idleMs = options.idleTimeoutMs ?? 10_000;
  const maxPerTurn = options.maxQueriesPerTurn ?? 64;
  const log = options.log;
  const connections = new Set<TcpConnection>();
  const server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    const conn = new TcpConnection(socket, handler, maxPerTurn);
    connections.add(conn);
    socket.setTimeout(idleMs);
    socket.on('timeout', () => {
      handler.stats.countError(true, 'timeout');
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        conn.onData(chunk);
      } catch (err) {
        handler.stats.countError(true, 'handler');
        log?.warn({ err }, 'tcp connection failed');
        socket.destroy();
      }
    });
    // allowHalfOpen: a peer that half-closes after its queries still gets every answer (RFC 7766 §6.2.1).
    socket.on('end', () => conn.shutdown());
    socket.on('error', () => {
      handler.stats.countError(true, 'socket');
      socket.destroy();
    });
    socket.on('close', () => connections.delete(conn));
  });
  server.maxConnections = options.maxConnections ?? 1000;
  // Emitted when a connection is refused because maxConnections is reached.
  server.on('drop', () => handler.stats.countError(true, 'overload'));
  server.on('error', (err) => log?.warn({ err }, 'tcp server error'));
  return new Promise<TcpListener>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: options.exclusive ?? false, ipv6Only: host.includes(':') }, () => {
      server.off('error', reject);
      const addr = server.address();
      const actualPort = typeof addr === 'object' && addr !== null ? addr.port : port;
      let closed: Promise<void> | undefined;
      resolve({
        host,
        port: actualPort,
        server,
        get connectionCount() {
          return connections.size;
        },
        close: (graceMs = 2000) =>
          (closed ??= new Promise<void>((done) => {
            server.close(() => done());
            for (const c of connections) c.shutdown();
            // Peers that never read or close are cut off after the grace period.
            const timer = setTimeout(() => {
              for (const c of connections) c.socket.destroy();
            }, graceMs);
            timer.unref();
          })),
      });
    });
  });
}

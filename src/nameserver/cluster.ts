// Multi-core DNS: the primary forks N node:cluster workers (cluster-worker.ts) that share the primary's
// UDP and TCP sockets (Node 20 has no dgram reusePort; SCHED_NONE lets every worker accept TCP itself).
// The primary owns the zone data and pushes snapshots / applied changesets to every worker; publish()
// resolves only when every worker has acknowledged, so a change is served everywhere before the update
// API answers `good` (SPEC §8). A worker that lost sync for a changeset is sent the full snapshot instead.
import cluster, { type Worker } from 'node:cluster';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { DnsName } from '../dns/name.js';
import type { Changeset } from '../zone/changeset.js';
import type { Zone } from '../zone/zone.js';
import {
  changesetToWire,
  isWorkerMessage,
  zoneToWire,
  type PrimaryMessage,
  type WorkerMessage,
} from './cluster-protocol.js';

/** ZonePublication is what publish() distributes: a whole snapshot, an applied changeset, or a removal. */
export type ZonePublication =
  | { readonly kind: 'zone'; readonly zone: Zone }
  /** `zone` is the snapshot after the change, sent whole to a worker that is not at `fromSerial`. */
  | {
      readonly kind: 'changeset';
      readonly zone: Zone;
      readonly fromSerial: number;
      readonly changeset: Changeset;
    }
  | { readonly kind: 'remove'; readonly origin: DnsName };

/** DnsWorkersOptions configure startDnsWorkers. */
export interface DnsWorkersOptions {
  readonly count: number;
  readonly listen: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  readonly initialZones: readonly Zone[];
  /** ackTimeoutMs fails a publish whose acks do not all arrive in time (default 10 s). */
  readonly ackTimeoutMs?: number;
}

/** DnsWorkers is a running set of DNS workers. */
export interface DnsWorkers {
  readonly addresses: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  /** publish sends a change to every worker; resolves when all acknowledged it (it is then served). */
  publish(p: ZonePublication): Promise<void>;
  /** close stops every worker gracefully. */
  close(): Promise<void>;
}

interface Pending {
  resolve(m: WorkerMessage): void;
  reject(e: Error): void;
}

/** WorkerLink tracks one worker's outstanding requests by sequence number. */
class WorkerLink {
  readonly worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #seq = 0;
  readonly #timeoutMs: number;

  /** ready resolves when the worker has said it listens for messages. */
  readonly ready: Promise<void>;

  constructor(worker: Worker, timeoutMs: number) {
    this.worker = worker;
    this.#timeoutMs = timeoutMs;
    let markReady: () => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`DNS worker ${worker.id} did not start in ${timeoutMs} ms`)),
        timeoutMs,
      );
      markReady = () => {
        clearTimeout(timer);
        resolve();
      };
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`DNS worker ${worker.id} exited (${code}) before it was ready`));
      });
    });
    this.ready.catch(() => undefined);
    worker.on('message', (m: unknown) => {
      if (!isWorkerMessage(m)) return;
      if (m.type === 'dns-ready') {
        markReady();
        return;
      }
      const p = this.#pending.get(m.seq);
      if (p === undefined) return;
      this.#pending.delete(m.seq);
      p.resolve(m);
    });
    worker.on('exit', (code) => {
      for (const p of this.#pending.values()) p.reject(new Error(`DNS worker ${worker.id} exited (${code})`));
      this.#pending.clear();
    });
  }

  /** request sends one message and waits for its ack or nack. */
  request(build: (seq: number) => PrimaryMessage): Promise<WorkerMessage> {
    const seq = ++this.#seq;
    return new Promise<WorkerMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(seq);
        reject(
          new Error(`DNS worker ${this.worker.id} did not acknowledge #${seq} in ${this.#timeoutMs} ms`),
        );
      }, this.#timeoutMs);
      this.#pending.set(seq, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.worker.send(build(seq));
    });
  }
}

/** freePort finds a port free for both UDP and TCP on `host` (for port 0 in cluster mode). */
async function freePort(host: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address: host, port: 0, exclusive: true }, () => resolve(udp.address().port));
    });
    const ok = await new Promise<boolean>((resolve) => {
      const tcp = createServer();
      tcp.once('error', () => resolve(false));
      tcp.listen({ host, port, exclusive: true }, () => tcp.close(() => resolve(true)));
    });
    await new Promise<void>((r) => udp.close(() => r()));
    if (ok) return port;
  }
  throw new Error(`no port free for both UDP and TCP on ${host}`);
}

function expectAck(m: WorkerMessage, what: string): void {
  if (m.type === 'dns-nack') throw new Error(`${what}: ${m.error}`);
}

/**
 * startDnsWorkers forks `count` workers serving `initialZones` on `listen` (port 0 resolves to one free
 * port shared by all) and resolves once every worker is listening.
 */
export async function startDnsWorkers(opts: DnsWorkersOptions): Promise<DnsWorkers> {
  if (!cluster.isPrimary) throw new Error('startDnsWorkers must run in the primary process');
  if (!Number.isInteger(opts.count) || opts.count < 1) throw new RangeError(`worker count ${opts.count}`);
  const timeoutMs = opts.ackTimeoutMs ?? 10_000;
  const listen: Array<{ host: string; port: number }> = [];
  for (const a of opts.listen)
    listen.push({ host: a.host, port: a.port === 0 ? await freePort(a.host) : a.port });

  // Workers accept TCP on the shared listening socket themselves instead of via primary round-robin.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  // execArgv: [] keeps the parent's flags (e.g. node --test) out of the workers.
  cluster.setupPrimary({
    exec: fileURLToPath(new URL('./cluster-worker.js', import.meta.url)),
    args: [],
    execArgv: [],
    silent: false,
  });
  const zones = opts.initialZones.map(zoneToWire);
  const links: WorkerLink[] = [];
  for (let i = 0; i < opts.count; i++) links.push(new WorkerLink(cluster.fork(), timeoutMs));

  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(
      links.map(async (l) => {
        if (l.worker.isDead()) return;
        const exited = new Promise<void>((r) => l.worker.once('exit', () => r()));
        try {
          await l.request((seq) => ({ type: 'dns-stop', seq }));
        } catch {
          // fall through to kill
        }
        const timer = setTimeout(() => l.worker.kill(), 3000);
        await exited;
        clearTimeout(timer);
      }),
    );
  };

  try {
    await Promise.all(
      links.map(async (l) => {
        await l.ready;
        expectAck(await l.request((seq) => ({ type: 'dns-init', seq, listen, zones })), 'DNS worker start');
      }),
    );
  } catch (err) {
    await stopAll();
    throw err;
  }

  // Publications go out in order: each is sent to all workers and fully acknowledged before the next.
  let queue: Promise<unknown> = Promise.resolve();
  const publishNow = async (p: ZonePublication): Promise<void> => {
    await Promise.all(
      links.map(async (l) => {
        if (p.kind === 'zone') {
          const zone = zoneToWire(p.zone);
          return expectAck(await l.request((seq) => ({ type: 'dns-zone', seq, zone })), 'zone publish');
        }
        if (p.kind === 'remove') {
          const origin = p.origin.toString();
          return expectAck(await l.request((seq) => ({ type: 'dns-remove', seq, origin })), 'zone removal');
        }
        const changeset = changesetToWire(p.zone.origin, p.fromSerial, p.changeset);
        const reply = await l.request((seq) => ({ type: 'dns-changeset', seq, changeset }));
        if (reply.type === 'dns-nack' && reply.outOfSync === true) {
          const zone = zoneToWire(p.zone);
          return expectAck(await l.request((seq) => ({ type: 'dns-zone', seq, zone })), 'zone resync');
        }
        return expectAck(reply, 'changeset publish');
      }),
    );
  };
  let closing: Promise<void> | undefined;
  return {
    addresses: listen,
    publish: (p) => {
      const next = queue.then(() => publishNow(p));
      queue = next.catch(() => undefined);
      return next;
    },
    close: () => (closing ??= stopAll()),
  };
}

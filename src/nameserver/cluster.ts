// Multi-core DNS: the primary forks N node:cluster workers (cluster-worker.ts, started by an entry such as dns-worker-main.ts) that share the primary's
// UDP and TCP sockets (Node 20 has no dgram reusePort; SCHED_NONE lets every worker accept TCP itself).
// The primary owns the zone data and pushes snapshots / applied changesets to every worker; publish()
// resolves only when every worker has acknowledged, so a change is served everywhere before the update
// API answers `good` (SPEC §8). A worker that lost sync for a changeset is sent the full snapshot instead.
// With the batched-UDP addon each worker binds its own UDP socket with SO_REUSEPORT (the kernel spreads
// datagrams across them) and the primary holds none on that port; TCP stays shared through the primary.
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
  type WorkerSettings,
} from './cluster-protocol.js';
import { addSnapshots, emptySnapshot, isSnapshot, type QueryStatsSnapshot } from './query-stats.js';
import {
  chooseUdpTransport,
  type UdpTransportChoice,
  type UdpTransportRequest,
} from './transport/udp-addon.js';

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
  /**
   * currentZones gives the snapshots a replacement worker starts with, when one dies unexpectedly and is
   * forked again (default: no replacement; the remaining workers go on serving).
   */
  readonly currentZones?: () => readonly Zone[];
  /** ackTimeoutMs fails a publish whose acks do not all arrive in time (default 10 s). */
  readonly ackTimeoutMs?: number;
  /**
   * exec is the worker entry module (default dns-worker-main.js, which is sent every zone). With
   * `workersLoadZones`, the entry must give runDnsWorker a loader: workers are then told only which
   * zones to read, and are sent the records only if that fails.
   */
  readonly exec?: string;
  readonly workersLoadZones?: boolean;
  /**
   * initialOrigins, with workersLoadZones, names the zones the workers read at start (default: those of
   * initialZones), and whileWorkersLoad runs while they do (e.g. the primary's own load, after which
   * currentZones must give the loaded zones: a worker that could not load is sent those).
   */
  readonly initialOrigins?: readonly DnsName[];
  readonly whileWorkersLoad?: () => Promise<void>;
  /** initTimeoutMs bounds a worker's start, loading included (default 5 minutes). */
  readonly initTimeoutMs?: number;
  /** zoneSource is handed to the workers' zone loader with the zones to load (e.g. store settings). */
  readonly zoneSource?: unknown;
  /** settings are applied by every worker (log level and format, query log rate). */
  readonly settings?: WorkerSettings;
  /** udp picks the workers' UDP transport (default: DYNZONE_DNS_UDP, else the addon when built). */
  readonly udp?: UdpTransportRequest;
  /** log is told when a worker dies and when its replacement serves. */
  readonly log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

/** DnsWorkers is a running set of DNS workers. */
export interface DnsWorkers {
  readonly addresses: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  /** udp is the workers' UDP transport (and why node:dgram, when it is). */
  readonly udp: UdpTransportChoice;
  /** publish sends a change to every worker; resolves when all acknowledged it (it is then served). */
  publish(p: ZonePublication): Promise<void>;
  /** close stops every worker gracefully. */
  close(): Promise<void>;
  /**
   * stats sums the query counters of every worker, including the last counts of workers that died, so
   * the totals never go backwards. A worker that does not answer in time contributes its last counts.
   */
  stats(): Promise<QueryStatsSnapshot>;
  /** updateSettings sends new settings to every worker (and to replacements started later). */
  updateSettings(settings: WorkerSettings): Promise<void>;
  /** liveCount is the number of workers serving now. */
  readonly liveCount: number;
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

  /** broken is set once a message could not be sent: the worker is dying or dead. */
  broken = false;
  /** started is set once the worker acknowledged its start (it then serves DNS). */
  started = false;
  /** lastStats is the newest query-counter snapshot the worker sent. */
  lastStats: QueryStatsSnapshot = emptySnapshot();

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
    // A send on a closed channel also emits 'error'; the request that made it is rejected instead.
    worker.on('error', () => undefined);
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
  request(build: (seq: number) => PrimaryMessage, timeoutMs = this.#timeoutMs): Promise<WorkerMessage> {
    const seq = ++this.#seq;
    return new Promise<WorkerMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(seq);
        reject(new Error(`DNS worker ${this.worker.id} did not acknowledge #${seq} in ${timeoutMs} ms`));
      }, timeoutMs);
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
      if (!this.worker.isConnected()) {
        this.#pending.get(seq)?.reject(new Error(`DNS worker ${this.worker.id} is not connected`));
        this.#pending.delete(seq);
        return;
      }
      this.worker.send(build(seq), undefined, (err: Error | null) => {
        if (err === null) return;
        this.broken = true;
        this.#pending.get(seq)?.reject(err);
        this.#pending.delete(seq);
      });
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

/**
 * assertUdpPortFree fails when host:port is taken for UDP. Workers bind with SO_REUSEPORT, which would
 * let them join another server's sockets on that port (and share its queries) instead of failing.
 */
async function assertUdpPortFree(host: string, port: number): Promise<void> {
  const udp = createSocket(host.includes(':') ? { type: 'udp6', ipv6Only: true } : { type: 'udp4' });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind({ address: host, port, exclusive: true }, () => resolve());
  });
  await new Promise<void>((r) => udp.close(() => r()));
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
  const initTimeoutMs = opts.initTimeoutMs ?? 300_000;
  const udp = chooseUdpTransport(opts.udp);
  if (udp.fallback === true)
    opts.log?.warn({ reason: udp.reason }, 'batched UDP socket I/O unavailable; serving UDP with node:dgram');
  const listen: Array<{ host: string; port: number }> = [];
  for (const a of opts.listen) {
    if (a.port !== 0 && udp.kind === 'native') await assertUdpPortFree(a.host, a.port);
    listen.push({ host: a.host, port: a.port === 0 ? await freePort(a.host) : a.port });
  }

  // Workers accept TCP on the shared listening socket themselves instead of via primary round-robin.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  // execArgv: [] keeps the parent's flags (e.g. node --test) out of the workers.
  cluster.setupPrimary({
    exec: opts.exec ?? fileURLToPath(new URL('./dns-worker-main.js', import.meta.url)),
    args: [],
    execArgv: [],
    silent: false,
  });
  // Only workers that acknowledged their start are in `live`; publications go to exactly those.
  const live = new Set<WorkerLink>();
  let stopping = false;
  let settings = opts.settings;
  const settingsField = (): { settings?: WorkerSettings } => (settings ? { settings } : {});
  // The counts of workers that are gone, so summed counters stay monotonic across a replacement.
  let retired: QueryStatsSnapshot = emptySnapshot();
  // Publications (and replacements of dead workers) go out in order: each is fully acknowledged first.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task);
    queue = next.catch(() => undefined);
    return next;
  };

  const fork = (): WorkerLink => {
    const link = new WorkerLink(cluster.fork(), timeoutMs);
    link.worker.once('exit', (code, signal) => {
      live.delete(link);
      retired = addSnapshots(retired, link.lastStats);
      if (stopping || !link.started || opts.currentZones === undefined) return;
      const currentZones = opts.currentZones;
      opts.log?.warn({ worker: link.worker.id, code, signal }, 'DNS worker died; starting a replacement');
      // Through the queue, so the replacement starts from the zones as of the last finished publication
      // (a later one that it missed is caught by the changeset serial check and resent whole).
      setTimeout(() => {
        if (stopping) return;
        enqueue(() => startWorkers(1, currentZones)).then(
          () => opts.log?.info({}, 'replacement DNS worker serving'),
          (err: unknown) => opts.log?.warn({ err: String(err) }, 'replacement DNS worker failed to start'),
        );
      }, 500).unref();
    });
    return link;
  };

  /**
   * startWorkers forks `n` workers and resolves once all serve. With workersLoadZones they are told to
   * read `origins` themselves, `whileLoading` runs meanwhile (the primary's own load), and a worker that
   * could not load is sent `zones()` instead.
   */
  const startWorkers = async (
    n: number,
    zones: () => readonly Zone[],
    origins: readonly string[] = zones().map((z) => z.origin.toString()),
    whileLoading?: () => Promise<void>,
  ): Promise<void> => {
    const links = Array.from({ length: n }, fork);
    try {
      await Promise.all(links.map((l) => l.ready));
      const loadMode = opts.workersLoadZones === true && origins.length > 0;
      const loads = links.map((l) =>
        loadMode
          ? l.request(
              (seq) => ({
                type: 'dns-init',
                seq,
                listen,
                udp: udp.kind,
                zones: [],
                load: origins,
                source: opts.zoneSource,
                ...settingsField(),
              }),
              initTimeoutMs,
            )
          : undefined,
      );
      // Settle every load before anything else can fail, so no rejection goes unobserved.
      const settled = Promise.allSettled(loads.map((p) => p ?? Promise.resolve(undefined)));
      if (whileLoading !== undefined) await whileLoading().finally(() => settled);
      const results = await settled;
      await Promise.all(
        links.map(async (l, i) => {
          const r = results[i]!;
          if (loadMode && r.status === 'fulfilled' && r.value?.type === 'dns-ack') return;
          if (loadMode) {
            const err =
              r.status === 'rejected' ? String(r.reason) : r.value?.type === 'dns-nack' ? r.value.error : '?';
            opts.log?.warn({ worker: l.worker.id, err }, 'DNS worker could not load its zones; sending them');
          }
          const wire = zones().map(zoneToWire);
          expectAck(
            await l.request(
              (seq) => ({ type: 'dns-init', seq, listen, udp: udp.kind, zones: wire, ...settingsField() }),
              initTimeoutMs,
            ),
            'DNS worker start',
          );
        }),
      );
    } catch (err) {
      for (const l of links) l.worker.process.kill('SIGKILL');
      throw err;
    }
    for (const l of links) {
      l.started = true;
      live.add(l);
    }
  };

  const stopAll = async (): Promise<void> => {
    stopping = true;
    await Promise.allSettled(
      [...Object.values(cluster.workers ?? {})]
        .flatMap((w) => (w === undefined ? [] : [w]))
        .map(async (w) => {
          if (w.isDead()) return;
          const link = [...live].find((l) => l.worker === w);
          const exited = new Promise<void>((r) => w.once('exit', () => r()));
          try {
            if (link) await link.request((seq) => ({ type: 'dns-stop', seq }));
            else w.process.kill('SIGKILL'); // still starting: nothing in flight to finish
          } catch {
            // fall through to kill
          }
          const timer = setTimeout(() => w.process.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        }),
    );
    live.clear();
  };

  try {
    await startWorkers(
      opts.count,
      () => opts.currentZones?.() ?? opts.initialZones,
      opts.initialOrigins?.map((o) => o.toString()),
      opts.whileWorkersLoad,
    );
  } catch (err) {
    await stopAll();
    throw err;
  }

  /** deliver sends one publication to one worker; a worker that died meanwhile is not a failure. */
  const deliver = async (l: WorkerLink, p: ZonePublication): Promise<void> => {
    try {
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
    } catch (err) {
      // A dead worker answers nothing any more; its replacement starts from the current zones.
      if (l.broken || l.worker.isDead() || !l.worker.isConnected() || !live.has(l)) {
        live.delete(l);
        return;
      }
      throw err;
    }
  };

  let closing: Promise<void> | undefined;
  return {
    addresses: listen,
    udp,
    publish: (p) =>
      enqueue(async () => {
        await Promise.all([...live].map((l) => deliver(l, p)));
      }),
    close: () => (closing ??= stopAll()),
    async stats() {
      await Promise.all(
        [...live].map(async (l) => {
          try {
            const reply = await Promise.race([
              l.request((seq) => ({ type: 'dns-stats', seq })),
              new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000).unref()),
            ]);
            if (reply?.type === 'dns-ack' && isSnapshot(reply.stats)) l.lastStats = reply.stats;
          } catch {
            // a dying worker: its last counts stand in
          }
        }),
      );
      return addSnapshots(retired, ...[...live].map((l) => l.lastStats));
    },
    async updateSettings(next) {
      settings = next;
      await Promise.allSettled(
        [...live].map((l) => l.request((seq) => ({ type: 'dns-settings', seq, settings: next }))),
      );
    },
    get liveCount() {
      return live.size;
    },
  };
}

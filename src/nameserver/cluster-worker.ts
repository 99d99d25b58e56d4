// A DNS worker process (node:cluster): keeps its own ZoneCatalog, applies the snapshots and changesets the
// primary sends, acknowledges each once it is live, and serves DNS on the primary's shared UDP/TCP sockets.
// At start it may read its zones itself through a ZoneLoader (the entry point that runs it supplies one,
// e.g. over the store), so a large zone is not shipped over IPC. Knows nothing about where zones live.
import cluster from 'node:cluster';
import { DnsName } from '../dns/name.js';
import { applyChangeset } from '../zone/changeset.js';
import { ZoneCatalog } from '../zone/catalog.js';
import { Zone } from '../zone/zone.js';
import {
  isPrimaryMessage,
  linesToRecords,
  type PrimaryMessage,
  type WireZone,
  type WorkerMessage,
} from './cluster-protocol.js';
import { startNameServer, type RunningNameServer } from './server.js';
import { QueryLog } from './query-log.js';
import { createLogHub, type LogHub } from '../lib/logger.js';

/** ZoneLoader reads the current snapshots of zones from `source` (in a server: the store settings). */
export type ZoneLoader = (origins: readonly DnsName[], source: unknown) => Promise<Zone[]>;

const catalog = new ZoneCatalog();
let server: RunningNameServer | undefined;
let loader: ZoneLoader | undefined;
let logs: LogHub | undefined;
let queryLog: QueryLog | undefined;

function send(m: WorkerMessage): void {
  process.send?.(m);
}

function installZone(z: WireZone): void {
  const origin = DnsName.parse(z.origin);
  catalog.swap(Zone.build(origin, linesToRecords(origin, z.records)));
}

async function onMessage(m: PrimaryMessage): Promise<void> {
  switch (m.type) {
    case 'dns-init': {
      if (m.load !== undefined && m.load.length > 0) {
        if (loader === undefined) throw new Error('this worker cannot load zones itself');
        const zones = await loader(
          m.load.map((o) => DnsName.parse(o)),
          m.source,
        );
        for (const z of zones) catalog.swap(z);
      }
      for (const z of m.zones) installZone(z);
      const settings = m.settings ?? { logLevel: 'info', logFormat: 'json', queryLogRate: 5 };
      // A dns-init may come twice (a failed self-load is followed by one that carries the zones).
      logs ??= createLogHub(
        { level: settings.logLevel, format: settings.logFormat },
        { bindings: { worker: cluster.worker?.id } },
      );
      const log = logs.child('dns');
      queryLog ??= new QueryLog({ log, perSecond: settings.queryLogRate });
      server = await startNameServer({
        catalog,
        listen: m.listen,
        shared: true,
        log,
        query: { queryLog },
        udp: m.udp ?? 'dgram',
      });
      send({ type: 'dns-ack', seq: m.seq, addresses: server.addresses });
      return;
    }
    case 'dns-zone':
      installZone(m.zone);
      break;
    case 'dns-changeset': {
      const origin = DnsName.parse(m.changeset.origin);
      const zone = catalog.get(origin);
      if (zone === undefined || zone.serial !== m.changeset.fromSerial) {
        send({
          type: 'dns-nack',
          seq: m.seq,
          error: `zone ${origin} not at serial ${m.changeset.fromSerial}`,
          outOfSync: true,
        });
        return;
      }
      const result = applyChangeset(zone, {
        removed: linesToRecords(origin, m.changeset.removed),
        added: linesToRecords(origin, m.changeset.added),
      });
      catalog.swap(result.zone);
      break;
    }
    case 'dns-remove':
      catalog.remove(DnsName.parse(m.origin));
      break;
    case 'dns-stats':
      send({ type: 'dns-ack', seq: m.seq, ...(server ? { stats: server.handler.stats.snapshot() } : {}) });
      return;
    case 'dns-settings':
      logs?.setLevel(m.settings.logLevel);
      queryLog?.setRate(m.settings.queryLogRate);
      break;
    case 'dns-stop':
      await server?.close();
      queryLog?.close();
      send({ type: 'dns-ack', seq: m.seq });
      process.disconnect?.();
      return;
  }
  send({ type: 'dns-ack', seq: m.seq });
}

/**
 * runDnsWorker starts the worker side of the protocol in this process (a node:cluster worker); `load`
 * lets it read zones itself when the primary asks it to.
 */
export function runDnsWorker(load?: ZoneLoader): void {
  if (!cluster.isWorker) throw new Error('runDnsWorker must run in a node:cluster worker');
  loader = load;
  // The primary decides when DNS stops (it drains HTTP first and then sends dns-stop), so a signal sent to
  // the whole process group (Ctrl-C, systemd's KillMode=control-group SIGTERM) must not end a worker
  // early. A worker whose primary is gone exits when the IPC channel closes (node:cluster does that).
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  // Messages are handled one at a time, in order, so acks follow the primary's sequence.
  let chain: Promise<void> = Promise.resolve();
  process.on('message', (m: unknown) => {
    if (!isPrimaryMessage(m)) return;
    chain = chain.then(() =>
      onMessage(m).catch((err: unknown) => {
        send({ type: 'dns-nack', seq: m.seq, error: err instanceof Error ? err.message : String(err) });
      }),
    );
  });
  send({ type: 'dns-ready', seq: 0 });
}

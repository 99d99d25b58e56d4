// The composition root of `dynzone serve`: data directory → store (migrated) → catalog → served zones
// (in-process, or mirrored to DNS worker processes) → change feed → update service → name server and HTTP
// listeners. Owns start-up order and the graceful stop; nothing imports it but the CLI and tests.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { openDataDir } from './data-dir.js';
import { loadCatalog } from './load-catalog.js';
import { ensureDemoZone, DEMO_ORIGIN } from './demo-zone.js';
import { startChangeFeed } from './change-feed.js';
import { formatListenAddress, type ListenAddress } from '../lib/listen-address.js';
import { ServedZones } from './served-zones.js';
import { DNS_WORKER_STORE_ENV } from './dns-worker-env.js';
import { openStoreWithHosts } from '../store/hosts-store.js';
import { ZoneCatalog } from '../zone/catalog.js';
import { loadOrCreateServerSecrets } from '../ddns/credentials.js';
import { createUpdateService, type AbusePolicy, type UpdateService } from '../ddns/update-service.js';
import { startNameServer } from '../nameserver/server.js';
import { startDnsWorkers } from '../nameserver/cluster.js';
import { startHttpServices, type HttpServices } from '../http/server.js';
import type { Store } from '../store/store.js';
import type { DbConfig } from '../store/db.js';
import type { HostsStore } from '../store/hosts-store.js';

/** ServeOptions are the settings of one server process. */
export interface ServeOptions {
  readonly dataDir: string;
  readonly dnsListen: readonly ListenAddress[];
  /** HTTPS listener for /nic/update and /checkip; absent = none. */
  readonly httpsListen?: ListenAddress | undefined;
  /** Plain-HTTP listener (/checkip only unless insecure updates are allowed); absent = none. */
  readonly httpListen?: ListenAddress | undefined;
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly trustedProxies?: readonly string[] | undefined;
  readonly allowInsecureUpdates?: boolean | undefined;
  readonly denyUserAgents?: readonly string[] | undefined;
  readonly abusePolicy?: Partial<AbusePolicy> | undefined;
  /** DNS worker processes; 0 = answer DNS in this process. Default: defaultDnsWorkers(). */
  readonly dnsWorkers?: number | undefined;
  readonly demo: boolean;
  readonly changeFeedIntervalMs?: number;
  readonly logger?: Logger;
}

/** RunningServer is a started server; `close` stops it gracefully. */
export interface RunningServer {
  readonly store: Store;
  readonly hosts: HostsStore;
  readonly zones: ServedZones;
  readonly service: UpdateService;
  readonly dnsAddresses: readonly ListenAddress[];
  readonly http: HttpServices;
  readonly dnsWorkers: number;
  close(): Promise<void>;
}

/**
 * defaultDnsWorkers is one DNS worker per core when there are at least two (the primary then only runs
 * the HTTP side and the store), and none (DNS in-process) on a single core.
 */
export function defaultDnsWorkers(): number {
  const cores = availableParallelism();
  return cores >= 2 ? cores : 0;
}

/** startServer starts every service of `dynzone serve` and resolves once all listeners are bound. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const log = opts.logger ?? pino({ name: 'dynzone' });
  const dir = openDataDir(opts.dataDir);
  const storeConfig: DbConfig = { kind: 'sqlite', path: dir.database };
  const { store, hosts } = openStoreWithHosts(storeConfig);
  const cleanups: Array<() => Promise<unknown> | void> = [() => store.close()];
  const unwind = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    await store.migrate();
    if (opts.demo && (await ensureDemoZone(store))) {
      log.info({ zone: DEMO_ORIGIN.toString() }, 'created the demo zone');
    }
    const secrets = loadOrCreateServerSecrets(dir.path);

    // Take the feed position before loading, so a change committed in between is applied, not missed.
    const feedStart = await store.latestJournalId();
    const catalog = new ZoneCatalog();
    const load = async (): Promise<void> => {
      await loadCatalog(
        store,
        (zone, err) => log.error({ zone, err: err.message }, 'zone not loaded: it fails its checks'),
        catalog,
      );
    };

    const workerCount = opts.dnsWorkers ?? defaultDnsWorkers();
    let dnsAddresses: ListenAddress[];
    let zones: ServedZones;
    if (workerCount > 0) {
      const workers = await startDnsWorkers({
        count: workerCount,
        listen: opts.dnsListen,
        initialZones: [],
        // Workers read their zones from the store themselves, while this process loads its own copy: a
        // big zone is neither copied over IPC nor loaded one process after the other.
        initialOrigins: (await store.listZones()).map((z) => z.name),
        whileWorkersLoad: load,
        currentZones: () => catalog.zones(),
        exec: fileURLToPath(new URL('./dns-worker-main.js', import.meta.url)),
        workersLoadZones: true,
        env: { [DNS_WORKER_STORE_ENV]: JSON.stringify(storeConfig) },
        log: log.child({ module: 'dns-workers' }),
      });
      cleanups.push(() => workers.close());
      dnsAddresses = workers.addresses.map((a) => ({ host: a.host, port: a.port }));
      zones = new ServedZones(catalog, workers);
    } else {
      await load();
      const dns = await startNameServer({ catalog, listen: [...opts.dnsListen] });
      cleanups.push(() => dns.close());
      dnsAddresses = dns.addresses.map((a) => ({ host: a.host, port: a.port }));
      zones = new ServedZones(catalog);
    }

    const feed = startChangeFeed({
      store,
      catalog: zones,
      afterId: feedStart,
      intervalMs: opts.changeFeedIntervalMs ?? 200,
      log: log.child({ module: 'change-feed' }),
    });
    cleanups.push(() => feed.close());
    await feed.poll();

    const service = createUpdateService({
      store,
      hosts,
      secrets,
      catalog: zones,
      policy: opts.abusePolicy,
      log: log.child({ module: 'ddns' }),
    });
    const http = await startHttpServices({
      service,
      dataDir: dir.path,
      httpsListen: opts.httpsListen,
      httpListen: opts.httpListen,
      tlsCert: opts.tlsCert,
      tlsKey: opts.tlsKey,
      trustedProxies: opts.trustedProxies,
      allowInsecureUpdates: opts.allowInsecureUpdates,
      denyUserAgents: opts.denyUserAgents,
      log: log.child({ module: 'http' }),
    });
    // HTTP stops first (drains in-flight updates), then the feed, DNS and finally the store.
    cleanups.push(() => http.close());

    log.info(
      {
        dns: dnsAddresses.map(formatListenAddress),
        dnsWorkers: workerCount,
        https: http.https ? formatListenAddress(http.https) : undefined,
        http: http.http ? formatListenAddress(http.http) : undefined,
        zones: catalog.size,
        dataDir: dir.path,
      },
      'dynzone is serving',
    );

    let closing: Promise<void> | undefined;
    return {
      store,
      hosts,
      zones,
      service,
      dnsAddresses,
      http,
      dnsWorkers: workerCount,
      close() {
        closing ??= (async () => {
          await unwind();
          log.info('dynzone stopped');
        })();
        return closing;
      },
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}

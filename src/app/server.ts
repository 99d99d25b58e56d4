// The composition root of `dynzone serve`: resolved configuration → logs and metrics → data directory →
// store (migrated) → catalog → served zones (in-process, or mirrored to DNS worker processes) → change
// feed → update service → name server, HTTPS/HTTP and metrics listeners. Owns start-up order, the live
// settings SIGHUP may change, readiness, and the graceful stop; nothing imports it but the CLI and tests.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DynzoneConfig } from '../config/config.js';
import { createLogHub, type LogHub } from '../lib/logger.js';
import { formatListenAddress, type ListenAddress } from '../lib/listen-address.js';
import { openDataDir } from './data-dir.js';
import { loadCatalog } from './load-catalog.js';
import { ensureDemoZone, DEMO_ORIGIN } from './demo-zone.js';
import { startChangeFeed } from './change-feed.js';
import { ServedZones } from './served-zones.js';
import { ZoneCatalog } from '../zone/catalog.js';
import { createServerMetrics, type ServerMetrics } from './metrics.js';
import { abusePolicyOf, dbConfigOf, workerSettingsOf } from './config-mapping.js';
import { openStores } from '../store/open-stores.js';
import { loadOrCreateServerSecrets } from '../ddns/credentials.js';
import type { UpdateService } from '../ddns/update-service.js';
import { createDdnsServices } from '../ddns/services.js';
import { parseNsNames } from '../ddns/record-input.js';
import { apiDepsFrom } from '../http/api/deps.js';
import { createConsolePlugin } from '../console/plugin.js';
import { startNameServer, type RunningNameServer } from '../nameserver/server.js';
import { startDnsWorkers, type DnsWorkers } from '../nameserver/cluster.js';
import { QueryLog } from '../nameserver/query-log.js';
import { emptySnapshot } from '../nameserver/query-stats.js';
import { startHttpServices, type HttpServices, type TlsReload } from '../http/server.js';
import { startMetricsServer, type MetricsServer } from '../http/metrics-server.js';
import type { ReadinessReport } from '../http/routes/health.js';
import type { UpdateEvent } from '../http/routes/nic-update.js';
import type { Store } from '../store/store.js';
import type { HostsStore } from '../store/hosts-store.js';

/** ServeOptions are what startServer needs besides the configuration. */
export interface ServeOptions {
  /** logs is the process's log hub (default: one built from config.log). */
  readonly logs?: LogHub;
  readonly changeFeedIntervalMs?: number;
  /** version labels dynzone_build_info. */
  readonly version?: string;
}

/** RunningServer is a started server; `close` stops it gracefully. */
export interface RunningServer {
  readonly store: Store;
  readonly hosts: HostsStore;
  readonly zones: ServedZones;
  readonly service: UpdateService;
  readonly dnsAddresses: readonly ListenAddress[];
  readonly http: HttpServices;
  readonly metricsAddress: ListenAddress | undefined;
  readonly dnsWorkers: number;
  readonly metrics: ServerMetrics;
  /** readiness runs the /readyz checks. */
  readiness(): Promise<ReadinessReport>;
  /**
   * applyLiveSettings applies what can change without a restart: TLS certificate and key (re-read even
   * when the paths are the same, for renewals in place), abuse thresholds, User-Agent deny-list, log
   * level and the DNS query log rate. Other keys are left as they are.
   */
  applyLiveSettings(config: DynzoneConfig): Promise<{ tls: TlsReload | undefined }>;
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

/** STORE_CHECK_MS bounds the readiness probe of the store. */
const STORE_CHECK_MS = 2000;

/** startServer starts every service of `dynzone serve` and resolves once all listeners are bound. */
export async function startServer(config: DynzoneConfig, opts: ServeOptions = {}): Promise<RunningServer> {
  const logs = opts.logs ?? createLogHub(config.log);
  const log = logs.child('server');
  const dir = openDataDir(config.dataDir);

  // The metrics read their sources late (at scrape), so they can be built before what they measure.
  let dns: RunningNameServer | undefined;
  let workers: DnsWorkers | undefined;
  let zones: ServedZones | undefined;
  const metrics = createServerMetrics(
    {
      dnsStats: async () => (workers ? workers.stats() : (dns?.handler.stats.snapshot() ?? emptySnapshot())),
      zones: () => zones?.zones() ?? [],
      dnsWorkers: () => workers?.liveCount ?? 0,
    },
    opts.version ?? 'unknown',
  );

  const storeConfig = dbConfigOf(config.store);
  const { store, hosts, accounts } = openStores(storeConfig, metrics);
  const cleanups: Array<() => Promise<unknown> | void> = [() => store.close()];
  const unwind = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  let closing: Promise<void> | undefined;
  try {
    await store.migrate();
    if (config.demo && (await ensureDemoZone(store))) {
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

    const workerCount = config.dns.workers === 'auto' ? defaultDnsWorkers() : config.dns.workers;
    const dnsLog = logs.child('dns');
    let queryLog: QueryLog | undefined;
    if (workerCount > 0) {
      workers = await startDnsWorkers({
        count: workerCount,
        listen: config.dns.listen,
        udp: config.dns.udp,
        initialZones: [],
        // Workers read their zones from the store themselves, while this process loads its own copy: a
        // big zone is neither copied over IPC nor loaded one process after the other.
        initialOrigins: (await store.listZones()).map((z) => z.name),
        whileWorkersLoad: load,
        currentZones: () => catalog.zones(),
        exec: fileURLToPath(new URL('./dns-worker-main.js', import.meta.url)),
        workersLoadZones: true,
        // The store settings travel over IPC, not in the environment (they may hold a password).
        zoneSource: storeConfig,
        settings: workerSettingsOf(config),
        log: logs.child('dns-workers'),
      });
      cleanups.push(() => workers?.close());
      zones = new ServedZones(catalog, workers, logs.child('zones'));
    } else {
      await load();
      queryLog = new QueryLog({ log: dnsLog, perSecond: config.log.dnsQueryRate });
      dns = await startNameServer({
        catalog,
        listen: [...config.dns.listen],
        log: dnsLog,
        query: { queryLog },
        udp: config.dns.udp,
      });
      cleanups.push(() => dns?.close());
      cleanups.push(() => queryLog?.close());
      zones = new ServedZones(catalog, undefined, logs.child('zones'));
    }
    const served = zones;
    const dnsAddresses = (workers?.addresses ?? dns?.addresses ?? []).map((a) => ({
      host: a.host,
      port: a.port,
    }));
    const dnsUdp = (workers?.udp ?? dns?.udp)?.kind;

    const feed = startChangeFeed({
      store,
      catalog: served,
      afterId: feedStart,
      intervalMs: opts.changeFeedIntervalMs ?? 200,
      log: logs.child('change-feed'),
    });
    cleanups.push(() => feed.close());
    await feed.poll();

    // One zone editor for /nic/update, the REST API and the console: every change takes the same door.
    const services = createDdnsServices({
      store,
      hosts,
      accounts,
      secrets,
      catalog: served,
      policy: abusePolicyOf(config.updates.abuse),
      defaultHostTtl: config.hosts.defaultTtl,
      defaultNameServers: parseNsNames(config.zones.defaultNs),
      log: logs.child('ddns'),
      observer: metrics,
    });
    const service = services.service;

    const readiness = async (): Promise<ReadinessReport> => {
      const checks: Record<string, string> = {};
      checks['shutdown'] = closing === undefined ? 'ok' : 'draining';
      try {
        await withTimeout(store.latestJournalId(), STORE_CHECK_MS);
        checks['store'] = 'ok';
      } catch (e) {
        checks['store'] = `unreachable: ${(e as Error).message}`;
      }
      checks['zones'] = served.size > 0 ? 'ok' : 'none loaded';
      if (workers !== undefined) {
        checks['dns'] = workers.liveCount > 0 ? 'ok' : `no DNS worker serving (of ${workerCount})`;
      }
      // A server with no zone yet is ready (a new install has none); the check reports it all the same.
      const ready = Object.entries(checks).every(([k, v]) => v === 'ok' || k === 'zones');
      return { ready, checks };
    };

    const httpLog = logs.child('http');
    const onUpdate = (e: UpdateEvent): void => {
      metrics.observeUpdate(e);
      // One line per update request: never credentials (the route does not even hand them over).
      httpLog.info(
        {
          host: e.hostnames,
          answer: e.answers.join(', '),
          status: e.status,
          ...(e.reason !== undefined ? { reason: e.reason } : {}),
          source: e.sourceIp,
          userAgent: e.userAgent,
          transport: e.transport,
          ms: Math.round(e.durationSeconds * 10000) / 10,
        },
        'update request',
      );
    };
    const http = await startHttpServices({
      service,
      dataDir: dir.path,
      httpsListen: config.https.listen ?? undefined,
      httpListen: config.http.listen ?? undefined,
      tlsCert: config.https.tlsCert ?? undefined,
      tlsKey: config.https.tlsKey ?? undefined,
      trustedProxies: config.trustedProxies,
      allowInsecureUpdates: config.http.insecureUpdates,
      denyUserAgents: config.updates.denyUserAgents,
      onUpdate,
      readiness,
      api: apiDepsFrom(services, { version: opts.version, log: logs.child('api') }),
      plugins: [createConsolePlugin()],
      log: httpLog,
    });
    // HTTP stops first (drains in-flight updates), then the feed, DNS and finally the store.
    cleanups.push(() => http.close());

    let metricsServer: MetricsServer | undefined;
    if (config.metrics.listen !== null) {
      metricsServer = await startMetricsServer({
        listen: config.metrics.listen,
        render: () => metrics.render(),
        readiness,
        log: logs.child('metrics'),
      });
      cleanups.push(() => metricsServer?.close());
    }

    log.info(
      {
        dns: dnsAddresses.map(formatListenAddress),
        dnsWorkers: workerCount,
        dnsUdp,
        https: http.https ? formatListenAddress(http.https) : undefined,
        http: http.http ? formatListenAddress(http.http) : undefined,
        metrics: metricsServer ? formatListenAddress(metricsServer.address) : undefined,
        zones: catalog.size,
        dataDir: dir.path,
        store: config.store.kind,
      },
      'dynzone is serving',
    );

    return {
      store,
      hosts,
      zones: served,
      service,
      dnsAddresses,
      http,
      metricsAddress: metricsServer?.address,
      dnsWorkers: workerCount,
      metrics,
      readiness,
      async applyLiveSettings(next) {
        logs.setLevel(next.log.level);
        service.setPolicy(abusePolicyOf(next.updates.abuse));
        http.setDenyUserAgents(next.updates.denyUserAgents);
        queryLog?.setRate(next.log.dnsQueryRate);
        await workers?.updateSettings(workerSettingsOf(next));
        const tls = http.https
          ? http.reloadTls({
              certFile: next.https.tlsCert ?? undefined,
              keyFile: next.https.tlsKey ?? undefined,
            })
          : undefined;
        return { tls };
      },
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

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

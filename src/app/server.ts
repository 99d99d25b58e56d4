// The composition root of `dynzone serve`: data directory → store (migrated) → catalog → change feed →
// name server (+ HTTP services). Owns start-up order and the graceful stop; nothing imports it but the CLI.
import { pino, type Logger } from 'pino';
import { openDataDir } from './data-dir.js';
import { loadCatalog } from './load-catalog.js';
import { ensureDemoZone, DEMO_ORIGIN } from './demo-zone.js';
import { startChangeFeed } from './change-feed.js';
import { formatListenAddress, type ListenAddress } from './listen-address.js';
import { openStore } from '../store/kysely-store.js';
import { startNameServer } from '../nameserver/server.js';
import type { ZoneCatalog } from '../zone/catalog.js';
import type { Store } from '../store/store.js';

/** ServeOptions are the settings of one server process. */
export interface ServeOptions {
  readonly dataDir: string;
  readonly dnsListen: readonly ListenAddress[];
  readonly demo: boolean;
  readonly changeFeedIntervalMs?: number;
  readonly logger?: Logger;
}

/** RunningServer is a started server; `close` stops it gracefully. */
export interface RunningServer {
  readonly store: Store;
  readonly catalog: ZoneCatalog;
  readonly dnsAddresses: readonly ListenAddress[];
  close(): Promise<void>;
}

/** startServer starts every service of `dynzone serve` and resolves once all listeners are bound. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const log = opts.logger ?? pino({ name: 'dynzone' });
  const dir = openDataDir(opts.dataDir);
  const store = openStore({ kind: 'sqlite', path: dir.database });
  await store.migrate();
  if (opts.demo && (await ensureDemoZone(store))) {
    log.info({ zone: DEMO_ORIGIN.toString() }, 'created the demo zone');
  }

  // Take the feed position before loading, so a change committed in between is applied, not missed.
  const feedStart = await store.latestJournalId();
  const catalog = await loadCatalog(store, (zone, err) =>
    log.error({ zone, err: err.message }, 'zone not loaded: it fails its checks'),
  );
  const feed = startChangeFeed({
    store,
    catalog,
    afterId: feedStart,
    intervalMs: opts.changeFeedIntervalMs ?? 200,
    log: log.child({ module: 'change-feed' }),
  });
  await feed.poll();

  const dns = await startNameServer({ catalog, listen: [...opts.dnsListen] });
  const dnsAddresses: ListenAddress[] = dns.addresses.map((a) => ({ host: a.host, port: a.port }));
  log.info(
    { dns: dnsAddresses.map(formatListenAddress), zones: catalog.size, dataDir: dir.path },
    'dynzone is serving',
  );

  let closing: Promise<void> | undefined;
  return {
    store,
    catalog,
    dnsAddresses,
    close() {
      closing ??= (async () => {
        feed.close();
        await dns.close();
        await store.close();
        log.info('dynzone stopped');
      })();
      return closing;
    },
  };
}

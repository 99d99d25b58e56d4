// THROWAWAY: `dynzone serve` with the update API, composed from the product's own modules, used only until
// the CLI's serve command wires --https-listen/--tls-cert (select with DYNZONE_TEST_CLI pointing here).
// Every other command is handed to the real CLI unchanged.
import { pino } from 'pino';
import { openDataDir } from '../../src/app/data-dir.js';
import { loadCatalog } from '../../src/app/load-catalog.js';
import { startChangeFeed } from '../../src/app/change-feed.js';
import { parseListenAddress } from '../../src/app/listen-address.js';
import { openStoreWithHosts } from '../../src/store/hosts-store.js';
import { startNameServer } from '../../src/nameserver/server.js';
import { loadOrCreateServerSecrets } from '../../src/ddns/credentials.js';
import { createUpdateService } from '../../src/ddns/update-service.js';
import { startHttpServices } from '../../src/http/server.js';

const argv = process.argv.slice(2);
if (argv[0] !== 'serve') {
  await import('../../src/cli/main.js');
} else {
  const flag = (n: string): string | undefined => {
    const i = argv.indexOf(n);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const log = pino({ name: 'dynzone-shim' });
  const dir = openDataDir(flag('--data-dir') ?? './data');
  const { store, hosts } = openStoreWithHosts({ kind: 'sqlite', path: dir.database });
  await store.migrate();
  const feedStart = await store.latestJournalId();
  const catalog = await loadCatalog(store, (zone, err) =>
    log.error({ zone, err: err.message }, 'zone not loaded'),
  );
  const feed = startChangeFeed({ store, catalog, afterId: feedStart, intervalMs: 200, log });
  await feed.poll();
  const dns = await startNameServer({
    catalog,
    listen: [parseListenAddress(flag('--dns-listen') ?? '127.0.0.1:5300')],
  });
  const service = createUpdateService({
    store,
    hosts,
    secrets: loadOrCreateServerSecrets(dir.path),
    catalog,
    log,
  });
  const https = flag('--https-listen');
  const http = flag('--http-listen');
  await startHttpServices({
    service,
    dataDir: dir.path,
    httpsListen: https !== undefined ? parseListenAddress(https) : undefined,
    httpListen: http !== undefined ? parseListenAddress(http) : undefined,
    tlsCert: flag('--tls-cert'),
    tlsKey: flag('--tls-key'),
    log,
  });
  log.info({ dns: dns.addresses }, 'shim serving');
}

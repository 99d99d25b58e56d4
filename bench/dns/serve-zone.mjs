// Benchmark launcher: loads one master file straight into Dynzone's name server (no store, no HTTP) and
// serves it on 127.0.0.1:PORT, UDP and TCP. Imports the compiled product from dist/ (run `npm run build`).
// WORKERS > 1 forks node:cluster workers that share the primary's sockets (startNameServer `shared`).
//   node bench/dns/serve-zone.mjs PORT ZONEFILE ORIGIN [WORKERS]
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../../dist/src/', import.meta.url);
const load = (p) => import(fileURLToPath(new URL(p, dist)));
const [{ DnsName }, { parseZoneText }, { Zone }, { ZoneCatalog }, { startNameServer }] = await Promise.all([
  load('dns/name.js'),
  load('dns/zonefile/parser.js'),
  load('zone/zone.js'),
  load('zone/catalog.js'),
  load('nameserver/server.js'),
]);

const [portText, zoneFile, originText, workersText] = process.argv.slice(2);
const port = Number(portText);
const workers = Number(workersText ?? 1);
if (!Number.isInteger(port) || !zoneFile || !originText) {
  console.error('usage: serve-zone.mjs PORT ZONEFILE ORIGIN [WORKERS]');
  process.exit(2);
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const origin = DnsName.parse(originText);
  const parsed = parseZoneText(readFileSync(zoneFile, 'utf8'), { origin, fileName: zoneFile });
  const catalog = new ZoneCatalog();
  catalog.swap(Zone.build(parsed.origin, parsed.records));
  const server = await startNameServer({
    catalog,
    listen: [{ host: '127.0.0.1', port }],
    shared: workers > 1,
  });
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(`dynzone serving ${parsed.records.length} records on 127.0.0.1:${server.addresses[0]?.port}`);
}

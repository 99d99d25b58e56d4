// Benchmark launcher: loads one master file straight into Dynzone's name server (no store, no HTTP) and
// serves it on 127.0.0.1:PORT, UDP and TCP. Imports the compiled product from dist/ (run `npm run build`).
// WORKERS > 1 runs the product's DNS workers (nameserver/cluster.ts: node:cluster; UDP on one SO_REUSEPORT
// socket per worker with the batched addon, else the primary's shared dgram socket). DYNZONE_DNS_UDP=dgram|native
// picks the UDP transport (default: the addon when built).
//   node bench/dns/serve-zone.mjs PORT ZONEFILE ORIGIN [WORKERS]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../../dist/src/', import.meta.url);
const load = (p) => import(fileURLToPath(new URL(p, dist)));
const [{ DnsName }, { parseZoneText }, { Zone }, { ZoneCatalog }, { startNameServer }, { startDnsWorkers }] =
  await Promise.all([
    load('dns/name.js'),
    load('dns/zonefile/parser.js'),
    load('zone/zone.js'),
    load('zone/catalog.js'),
    load('nameserver/server.js'),
    load('nameserver/cluster.js'),
  ]);

const [portText, zoneFile, originText, workersText] = process.argv.slice(2);
const port = Number(portText);
const workers = Number(workersText ?? 1);
if (!Number.isInteger(port) || !zoneFile || !originText) {
  console.error('usage: serve-zone.mjs PORT ZONEFILE ORIGIN [WORKERS]');
  process.exit(2);
}

const origin = DnsName.parse(originText);
const parsed = parseZoneText(readFileSync(zoneFile, 'utf8'), { origin, fileName: zoneFile });
const zone = Zone.build(parsed.origin, parsed.records);
let server;
if (workers > 1) {
  // The product's own multi-core mode (what `dynzone serve --dns-workers N` runs).
  server = await startDnsWorkers({
    count: workers,
    listen: [{ host: '127.0.0.1', port }],
    initialZones: [zone],
  });
} else {
  const catalog = new ZoneCatalog();
  catalog.swap(zone);
  server = await startNameServer({ catalog, listen: [{ host: '127.0.0.1', port }] });
}
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
const udp = server.udp.kind + (server.udp.reason ? ` (${server.udp.reason})` : '');
console.log(`dynzone serving ${parsed.records.length} records on 127.0.0.1:${port} (${workers} worker(s), UDP ${udp})`);

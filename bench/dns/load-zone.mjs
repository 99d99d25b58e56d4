// Measures what loading one big master file costs in Dynzone: seconds to parse and to build the Zone
// snapshot, and the process RSS and V8 heap afterwards (after a GC when --expose-gc is given).
//   node --expose-gc bench/dns/load-zone.mjs ZONEFILE ORIGIN
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../../dist/src/', import.meta.url);
const load = (p) => import(fileURLToPath(new URL(p, dist)));
const [{ DnsName }, { parseZoneText }, { Zone }, { ZoneCatalog }] = await Promise.all([
  load('dns/name.js'),
  load('dns/zonefile/parser.js'),
  load('zone/zone.js'),
  load('zone/catalog.js'),
]);
const [file, originText] = process.argv.slice(2);
const mb = (b) => (b / 1048576).toFixed(0);
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const text = readFileSync(file, 'utf8');
const parsed = parseZoneText(text, { origin: DnsName.parse(originText), fileName: file });
const t1 = performance.now();
const catalog = new ZoneCatalog();
const zone = Zone.build(parsed.origin, parsed.records);
catalog.swap(zone);
const t2 = performance.now();
parsed.records.length = 0;
globalThis.gc?.();
const m = process.memoryUsage();
console.log(
  `records ${zone.recordCount} names ${zone.nameCount} parse ${((t1 - t0) / 1000).toFixed(2)} s build ${((t2 - t1) / 1000).toFixed(2)} s ` +
    `total ${((t2 - t0) / 1000).toFixed(2)} s rss ${mb(m.rss)} MB (start ${mb(rss0)} MB) heap-used ${mb(m.heapUsed)} MB`,
);
if (catalog.size === 0) process.exit(1);

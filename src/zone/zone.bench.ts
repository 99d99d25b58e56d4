// Measures building a large generated zone (N/2 A + N/2 AAAA records under distinct owners) and applying
// a one-record changeset to it. Not a test: run by hand after building,
//   node --expose-gc dist/src/zone/zone.bench.js [records=1000000]
// and report heapUsed and times. Prints one JSON line.
import { DnsName } from '../dns/name.js';
import { RRClass, RRType } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { applyChangeset } from './changeset.js';
import { Zone } from './zone.js';

const total = Number(process.argv[2] ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
const origin = DnsName.parse('big.example.test.');
const mb = (n: number): number => Math.round(n / 1048576);

function* generate(): Generator<ResourceRecord> {
  const ns1 = DnsName.parse('ns1', origin);
  yield {
    owner: origin,
    type: RRType.SOA,
    class: RRClass.IN,
    ttl: 3600,
    rdata: {
      kind: 'SOA',
      mname: ns1,
      rname: DnsName.parse('hostmaster', origin),
      serial: 1,
      refresh: 7200,
      retry: 3600,
      expire: 1209600,
      minimum: 60,
    },
  };
  yield { owner: origin, type: RRType.NS, class: RRClass.IN, ttl: 3600, rdata: { kind: 'NS', target: ns1 } };
  const half = Math.floor(total / 2);
  for (let i = 0; i < half; i++) {
    const owner = DnsName.fromLabels([`v4-${i}`, ...origin.labels]);
    yield {
      owner,
      type: RRType.A,
      class: RRClass.IN,
      ttl: 60,
      rdata: { kind: 'A', address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    };
  }
  for (let i = 0; i < total - half; i++) {
    const owner = DnsName.fromLabels([`v6-${i}`, ...origin.labels]);
    yield {
      owner,
      type: RRType.AAAA,
      class: RRClass.IN,
      ttl: 60,
      rdata: { kind: 'AAAA', address: `2001:db8::${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}` },
    };
  }
}

gc?.();
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const zone = Zone.build(origin, generate());
const buildMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// Generating the records is included; the machine's load makes wall time noisy, so CPU time is shown too.
const buildCpuMs = Math.round((cpu.user + cpu.system) / 1000);
gc?.();
const heap1 = process.memoryUsage().heapUsed;

const owner = DnsName.fromLabels(['v4-12345', ...origin.labels]);
const times: number[] = [];
let z = zone;
// Replace the one A record at a name 200 times (JIT warm-up included; the median is the steady state).
for (let i = 0; i < 200; i++) {
  const current = z.getRRset(owner, RRType.A)!;
  const t = performance.now();
  z = applyChangeset(z, {
    removed: [{ owner, type: RRType.A, class: RRClass.IN, ttl: 60, rdata: current.rdatas[0]! }],
    added: [
      {
        owner,
        type: RRType.A,
        class: RRClass.IN,
        ttl: 60,
        rdata: { kind: 'A', address: `192.0.2.${i % 250}` },
      },
    ],
  }).zone;
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const t1 = performance.now();
let n = 0;
for (let i = 0; i < 100_000; i++) {
  const r = zone.lookup(DnsName.fromLabels([`v4-${i * 3}`, ...origin.labels]), RRType.A);
  if (r.kind === 'answer') n++;
}
const lookupUs = ((performance.now() - t1) * 1000) / 100_000;

console.log(
  JSON.stringify({
    records: zone.recordCount,
    buildMs: Math.round(buildMs),
    buildCpuMs,
    heapUsedMB: mb(heap1),
    zoneHeapMB: mb(heap1 - heap0),
    buckets: zone.index.nodes.bucketCount,
    changeMedianMs: Number(times[100]!.toFixed(3)),
    changeP90Ms: Number(times[180]!.toFixed(3)),
    lookupUsEach: Number(lookupUs.toFixed(2)),
    lookupsAnswered: n,
    gcExposed: gc !== undefined,
  }),
);

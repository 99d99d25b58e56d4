// The DNS counters: what the handler counts per query (transport, qtype, rcode, cache hit, TC), what is
// dropped, and how snapshots from several workers add up into labelled series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../dns/name.js';
import { Zone } from '../zone/zone.js';
import { ZoneCatalog } from '../zone/catalog.js';
import { parseZoneText } from '../dns/zonefile/parser.js';
import { QueryHandler } from './query-handler.js';
import { addSnapshots, errorSeries, queriesSeries, QueryStats } from './query-stats.js';
import { buildTestQuery } from './query-testkit.js';

function handler(): QueryHandler {
  const origin = DnsName.parse('example.test.');
  const text = `$ORIGIN example.test.\n@ 3600 IN SOA ns1 host 1 3600 600 86400 60\n@ 3600 IN NS ns1\nns1 IN A 192.0.2.53\n${Array.from(
    { length: 6 },
    (_, i) => `big IN TXT "${String(i)}${'y'.repeat(150)}"`,
  ).join('\n')}\n`;
  const catalog = new ZoneCatalog();
  catalog.swap(Zone.build(origin, parseZoneText(text, { origin }).records));
  return new QueryHandler(catalog);
}

function count(h: QueryHandler, labels: Record<string, string>): number {
  return queriesSeries(h.stats.snapshot())
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((n, s) => n + s.value, 0);
}

test('every answered query is counted once by transport, qtype and rcode; cache hits and TC too', () => {
  const h = handler();
  for (let i = 0; i < 5; i++) h.handle(buildTestQuery('ns1.example.test.', 1), false);
  h.handle(buildTestQuery('ns1.example.test.', 28), true);
  h.handle(buildTestQuery('nope.example.test.', 1), false);
  h.handle(buildTestQuery('other.invalid.', 1), false);
  h.handle(buildTestQuery('big.example.test.', 16), false);
  h.handle(buildTestQuery('ns1.example.test.', 1, { edns: true, version: 1 }), false);
  h.handle(Uint8Array.from([1, 2, 3]), false);
  assert.equal(count(h, { transport: 'udp', qtype: 'A', rcode: 'NOERROR' }), 5);
  assert.equal(count(h, { transport: 'tcp', qtype: 'AAAA', rcode: 'NOERROR' }), 1);
  assert.equal(count(h, { transport: 'udp', qtype: 'A', rcode: 'NXDOMAIN' }), 1);
  assert.equal(count(h, { transport: 'udp', qtype: 'A', rcode: 'REFUSED' }), 1);
  assert.equal(count(h, { transport: 'udp', qtype: 'A', rcode: 'BADVERS' }), 1);
  assert.equal(count(h, { transport: 'udp', qtype: 'TXT', rcode: 'NOERROR' }), 1);
  assert.equal(count(h, {}), 10);
  const s = h.stats.snapshot();
  assert.deepEqual(s.cacheHits, [4, 0]);
  assert.deepEqual(s.truncated, [1, 0]);
  assert.deepEqual(s.dropped, [1, 0]);
});

test('snapshots of several workers add up; errors are labelled', () => {
  const a = new QueryStats();
  const b = new QueryStats();
  const response = Uint8Array.from([0, 0, 0x84, 0x03]);
  a.countResponse(false, 1, response, false);
  b.countResponse(false, 1, response, true);
  b.countError(true, 'framing');
  const sum = addSnapshots(a.snapshot(), b.snapshot(), { bogus: true } as never);
  assert.deepEqual(queriesSeries(sum), [
    { labels: { transport: 'udp', qtype: 'A', rcode: 'NXDOMAIN' }, value: 2 },
  ]);
  assert.deepEqual(sum.cacheHits, [1, 0]);
  assert.deepEqual(errorSeries(sum), [{ labels: { transport: 'tcp', reason: 'framing' }, value: 1 }]);
});

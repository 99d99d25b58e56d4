// The query log's token bucket: a flood becomes at most 2 × rate lines plus one summary per interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryLog } from './query-log.js';
import { buildTestQuery } from './query-testkit.js';

function capture(): {
  lines: Array<{ obj: Record<string, unknown>; msg: string }>;
  info(obj: object, msg: string): void;
} {
  const lines: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  return { lines, info: (obj, msg) => lines.push({ obj: obj as Record<string, unknown>, msg }) };
}

test('a flood of refused queries gives a burst of lines, then one summary', () => {
  let now = 1_000_000;
  const sink = capture();
  const log = new QueryLog({ log: sink, perSecond: 5, now: () => now, summaryIntervalMs: 3_600_000 });
  const query = buildTestQuery('flood.example.', 1);
  const refused = Uint8Array.from([0, 0, 0x84, 0x05]);
  for (let i = 0; i < 10_000; i++) log.note('192.0.2.1', 'udp', query, refused);
  assert.equal(sink.lines.length, 10, 'the burst is twice the rate');
  assert.deepEqual(sink.lines[0], {
    obj: {
      peer: '192.0.2.1',
      transport: 'udp',
      qname: 'flood.example.',
      qtype: 1,
      rcode: 'REFUSED',
      size: query.length,
    },
    msg: 'DNS query refused',
  });
  now += 1000; // one second later: five more tokens
  for (let i = 0; i < 100; i++) log.note('192.0.2.1', 'udp', query, refused);
  assert.equal(sink.lines.length, 15);
  log.flush(10);
  assert.deepEqual(sink.lines.at(-1), {
    obj: { suppressed: 9990 + 95, intervalSeconds: 10 },
    msg: 'DNS query log lines suppressed (rate limit log.dns_query_rate)',
  });
  log.flush(10);
  assert.equal(sink.lines.length, 16, 'nothing suppressed since: no second summary');
  log.close();
});

test('dropped and malformed packets are named; rate 0 only summarises', () => {
  const sink = capture();
  const log = new QueryLog({ log: sink, perSecond: 0, summaryIntervalMs: 3_600_000 });
  log.note('192.0.2.2', 'tcp', Uint8Array.from([1, 2, 3]), null);
  assert.equal(sink.lines.length, 0);
  log.setRate(2);
  log.close();
  assert.equal(sink.lines.length, 1);
  assert.equal(sink.lines[0]!.obj['suppressed'], 1);
  const sink2 = capture();
  const log2 = new QueryLog({ log: sink2, perSecond: 1, summaryIntervalMs: 3_600_000 });
  log2.note('192.0.2.2', 'tcp', Uint8Array.from([1, 2, 3]), null);
  log2.note('192.0.2.2', 'udp', buildTestQuery('x.example.', 1), Uint8Array.from([0, 0, 0x80, 0x01]));
  assert.deepEqual(
    sink2.lines.map((l) => [l.msg, l.obj['rcode']]),
    [
      ['DNS query malformed', 'dropped'],
      ['DNS query malformed', 'FORMERR'],
    ],
  );
  log2.close();
});

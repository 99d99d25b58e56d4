// Table tests for the pure dyndns2 functions: hostname rules, address rules, answer words and statuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerStatus,
  detectDialect,
  formatAnswer,
  formatAnswerBody,
  isClientFault,
  MAX_HOSTNAMES,
  parseAddressParams,
  parseHostname,
  parseHostnameList,
  parseUsableAddress,
  type UpdateAnswer,
} from './dyndns2.js';

test('parseHostname: case, trailing dot, IDN and notfqdn rules', () => {
  const cases: [string, string | undefined][] = [
    ['home.dyn.example.test', 'home.dyn.example.test.'],
    ['HOME.Dyn.Example.TEST.', 'home.dyn.example.test.'],
    ['  home.dyn.example.test  ', 'home.dyn.example.test.'],
    ['bücher.dyn.example.test', 'xn--bcher-kva.dyn.example.test.'],
    ['BÜCHER.dyn.example.test', 'xn--bcher-kva.dyn.example.test.'],
    ['xn--bcher-kva.dyn.example.test', 'xn--bcher-kva.dyn.example.test.'],
    ['a-b.dyn.example.test', 'a-b.dyn.example.test.'],
    ['home', undefined],
    ['home.', undefined],
    ['', undefined],
    ['.', undefined],
    ['https://home.dyn.example.test/', undefined],
    ['[home.dyn.example.test]', undefined],
    ['home.dyn.example.test:443', undefined],
    ['user@home.dyn.example.test', undefined],
    ['home..dyn.example.test', undefined],
    ['-home.dyn.example.test', undefined],
    ['home-.dyn.example.test', undefined],
    ['ho_me.dyn.example.test', undefined],
    ['ho me.dyn.example.test', undefined],
    ['192.0.2.1', undefined],
    ['2001:db8::1', undefined],
    ['*.dyn.example.test', undefined],
    [`${'a'.repeat(64)}.dyn.example.test`, undefined],
    [`${'a.'.repeat(130)}test`, undefined],
  ];
  for (const [input, want] of cases) {
    assert.equal(parseHostname(input)?.toString(), want, `input ${JSON.stringify(input)}`);
  }
});

test('parseHostnameList: missing, list order, empty items, more than 20', () => {
  assert.deepEqual(parseHostnameList(undefined), { kind: 'missing' });
  assert.deepEqual(parseHostnameList(''), { kind: 'missing' });
  assert.deepEqual(parseHostnameList('  '), { kind: 'missing' });
  const l = parseHostnameList('a.example.test,home,c.example.test,');
  assert.equal(l.kind, 'list');
  if (l.kind !== 'list') return;
  assert.deepEqual(
    l.items.map((i) => (i.kind === 'name' ? i.name.toString() : `invalid:${i.input}`)),
    ['a.example.test.', 'invalid:home', 'c.example.test.', 'invalid:'],
  );
  const twenty = Array.from({ length: MAX_HOSTNAMES }, (_, i) => `h${i}.example.test`).join(',');
  assert.equal(parseHostnameList(twenty).kind, 'list');
  assert.deepEqual(parseHostnameList(twenty + ',x.example.test'), { kind: 'too-many', count: 21 });
});

test('parseUsableAddress: families, normalisation, and refused forms', () => {
  const cases: [string, string | undefined][] = [
    ['192.0.2.5', '4 192.0.2.5'],
    [' 192.0.2.5 ', '4 192.0.2.5'],
    ['127.0.0.1', '4 127.0.0.1'],
    ['2001:DB8:0:0::1', '6 2001:db8::1'],
    ['::1', '6 ::1'],
    ['::ffff:192.0.2.10', '4 192.0.2.10'],
    ['256.1.1.1', undefined],
    ['192.0.2', undefined],
    ['192.0.2.1/32', undefined],
    ['2001:db8:1:2::/64', undefined],
    ['fe80::1%eth0', undefined],
    ['fe80::1', undefined],
    ['febf::1', undefined],
    ['169.254.1.1', undefined],
    ['0.0.0.0', undefined],
    ['::', undefined],
    ['224.0.0.1', undefined],
    ['255.255.255.255', undefined],
    ['ff02::1', undefined],
    ['example.test', undefined],
    ['', undefined],
  ];
  for (const [input, want] of cases) {
    const a = parseUsableAddress(input);
    assert.equal(a && `${a.family} ${a.address}`, want, `input ${JSON.stringify(input)}`);
  }
});

test('parseAddressParams: myip forms, myipv4/myipv6, peer fallback', () => {
  type Row = [Parameters<typeof parseAddressParams>[0], string, string];
  const rows: Row[] = [
    [{}, '198.51.100.7', 'v4=198.51.100.7 v6=- order=198.51.100.7 peer'],
    [{ myip: '' }, '198.51.100.7', 'v4=198.51.100.7 v6=- order=198.51.100.7 peer'],
    [{ myip: '   ' }, '::ffff:192.0.2.33', 'v4=192.0.2.33 v6=- order=192.0.2.33 peer'],
    [{}, '2001:db8::77', 'v4=- v6=2001:db8::77 order=2001:db8::77 peer'],
    [{ myip: ' 192.0.2.5 ' }, '198.51.100.7', 'v4=192.0.2.5 v6=- order=192.0.2.5'],
    [
      { myip: '2001:db8::2,192.0.2.2' },
      '198.51.100.7',
      'v4=192.0.2.2 v6=2001:db8::2 order=2001:db8::2,192.0.2.2',
    ],
    [
      { myip: '192.0.2.2, 2001:db8::2' },
      '198.51.100.7',
      'v4=192.0.2.2 v6=2001:db8::2 order=192.0.2.2,2001:db8::2',
    ],
    [{ myipv6: '2001:db8::9' }, '198.51.100.7', 'v4=- v6=2001:db8::9 order=2001:db8::9'],
    [
      { myipv4: '192.0.2.8', myipv6: '2001:db8::9' },
      '198.51.100.7',
      'v4=192.0.2.8 v6=2001:db8::9 order=192.0.2.8,2001:db8::9',
    ],
    [{ myip: '192.0.2.8', myipv4: '192.0.2.8' }, '198.51.100.7', 'v4=192.0.2.8 v6=- order=192.0.2.8'],
    [{ myip: '', myipv4: '', myipv6: '' }, '203.0.113.5', 'v4=203.0.113.5 v6=- order=203.0.113.5 peer'],
    [{ myip: '256.1.1.1' }, '198.51.100.7', 'bad'],
    [{ myip: '2001:db8:1:2::/64' }, '198.51.100.7', 'bad'],
    [{ myip: 'fe80::1%eth0' }, '198.51.100.7', 'bad'],
    [{ myip: '192.0.2.1,192.0.2.2' }, '198.51.100.7', 'bad'],
    [{ myip: '192.0.2.1,2001:db8::1,2001:db8::2' }, '198.51.100.7', 'bad'],
    [{ myip: '192.0.2.1,' }, '198.51.100.7', 'bad'],
    [{ myipv4: '2001:db8::1' }, '198.51.100.7', 'bad'],
    [{ myipv6: '192.0.2.1' }, '198.51.100.7', 'bad'],
    [{ myip: '192.0.2.1', myipv4: '192.0.2.2' }, '198.51.100.7', 'bad'],
    [{}, 'fe80::1', 'bad'],
  ];
  for (const [params, peer, want] of rows) {
    const r = parseAddressParams(params, peer);
    const got = r.ok
      ? `v4=${r.intent.ipv4 ?? '-'} v6=${r.intent.ipv6 ?? '-'} order=${r.intent.order.join(',')}${r.intent.fromPeer ? ' peer' : ''}`
      : 'bad';
    assert.equal(got, want, JSON.stringify(params));
  }
});

test('parseAddressParams: offline=yes without an address keeps the stored ones; an unknown client address is bad', () => {
  const keep = parseAddressParams({ myip: ' ' }, '198.51.100.7', { offline: true });
  assert.deepEqual(keep, { ok: true, intent: { order: [], fromPeer: false } });
  // Going offline needs no client address at all, so a proxy that did not say is no obstacle...
  assert.deepEqual(parseAddressParams({}, undefined, { offline: true }), keep);
  // ...while an explicit address still goes offline with it.
  const given = parseAddressParams({ myipv6: '2001:db8::9' }, undefined, { offline: true });
  assert.ok(given.ok);
  assert.deepEqual(given.intent.order, ['2001:db8::9']);
  assert.equal(parseAddressParams({}, undefined).ok, false);
  assert.equal(parseAddressParams({ myip: '' }, undefined, { offline: false }).ok, false);
});

test('formatAnswer and formatAnswerBody give the exact words', () => {
  const rows: [UpdateAnswer, string][] = [
    [{ kind: 'good', addresses: ['192.0.2.1'] }, 'good 192.0.2.1'],
    [{ kind: 'good', addresses: ['2001:db8::2', '192.0.2.2'] }, 'good 2001:db8::2,192.0.2.2'],
    [{ kind: 'nochg', addresses: ['192.0.2.1'] }, 'nochg 192.0.2.1'],
    [{ kind: 'good', addresses: [] }, 'good'],
    [{ kind: 'nohost' }, 'nohost'],
    [{ kind: 'badauth' }, 'badauth'],
    [{ kind: 'notfqdn' }, 'notfqdn'],
    [{ kind: 'badagent' }, 'badagent'],
    [{ kind: 'abuse' }, 'abuse'],
    [{ kind: '911' }, '911'],
    [{ kind: 'conflict', rrtype: 'A' }, 'conflict A'],
    [{ kind: 'conflict', rrtype: 'AAAA' }, 'conflict AAAA'],
  ];
  for (const [a, want] of rows) assert.equal(formatAnswer(a), want);
  assert.equal(
    formatAnswerBody([{ kind: 'nohost' }, { kind: 'good', addresses: ['192.0.2.9'] }]),
    'nohost\ngood 192.0.2.9\n',
  );
});

test('status dialect: 200 for dyndns2 clients, matching statuses for ddclient googledomains', () => {
  assert.equal(detectDialect('ddclient/3.10.0', false), 'status-codes');
  assert.equal(detectDialect('ddclient/3.10.0', true), 'dyndns2');
  assert.equal(detectDialect('inadyn/2.10.0 https://github.com/troglobit/inadyn/issues', false), 'dyndns2');
  assert.equal(detectDialect(undefined, false), 'dyndns2');
  const rows: [UpdateAnswer, number][] = [
    [{ kind: 'good', addresses: ['192.0.2.1'] }, 200],
    [{ kind: 'nochg', addresses: ['192.0.2.1'] }, 200],
    [{ kind: 'nohost' }, 404],
    [{ kind: 'notfqdn' }, 400],
    [{ kind: 'badagent' }, 400],
    [{ kind: 'abuse' }, 403],
    [{ kind: 'badauth' }, 403],
    [{ kind: 'conflict', rrtype: 'AAAA' }, 409],
    [{ kind: '911' }, 503],
  ];
  for (const [a, status] of rows) {
    assert.equal(answerStatus([a], 'status-codes'), status, a.kind);
    assert.equal(answerStatus([a], 'dyndns2'), 200, a.kind);
  }
  assert.equal(
    answerStatus([{ kind: 'good', addresses: ['192.0.2.1'] }, { kind: 'nohost' }], 'status-codes'),
    404,
  );
});

test('isClientFault: badauth/nohost/notfqdn/conflict count, 911 and the rest never do', () => {
  const faults = (['badauth', 'nohost', 'notfqdn'] as const).map((kind) => ({ kind }));
  for (const a of faults) assert.equal(isClientFault(a), true);
  assert.equal(isClientFault({ kind: 'conflict', rrtype: 'A' }), true);
  for (const kind of ['911', 'abuse', 'badagent'] as const) assert.equal(isClientFault({ kind }), false);
  assert.equal(isClientFault({ kind: 'nochg', addresses: [] }), false);
});

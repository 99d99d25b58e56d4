// The trusted-proxy rule (SPEC §2.1, RFC 7239) as a table: which client address and scheme a request
// resolves to from its TCP peer and its forwarding headers. The HTTP consequences (badagent, /checkip's
// 400) are tested through the app in ddns-cases.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTrustedProxies, parseForwarded, resolveClient } from './client-address.js';

const trusted = createTrustedProxies(['127.0.0.1', '10.0.0.0/24', '::1']);

test('resolveClient: the right-most entries a trusted proxy added, never the proxy itself', () => {
  type Row = [peer: string, headers: Record<string, string>, address: string | undefined, https: boolean];
  const rows: Row[] = [
    // Not a proxy: the peer, whatever it sends.
    ['198.51.100.7', {}, '198.51.100.7', false],
    [
      '::ffff:198.51.100.7',
      { 'x-forwarded-for': '192.0.2.1', forwarded: 'for=192.0.2.1' },
      '198.51.100.7',
      false,
    ],
    ['203.0.113.9', { 'x-forwarded-proto': 'https', forwarded: 'proto=https' }, '203.0.113.9', false],
    // X-Forwarded-For: right-most, past trusted hops; the client-written left part is ignored.
    ['127.0.0.1', { 'x-forwarded-for': '198.51.100.66, 192.0.2.44' }, '192.0.2.44', false],
    [
      '127.0.0.1',
      { 'x-forwarded-for': '192.0.2.9, 10.0.0.7', 'x-forwarded-proto': 'https' },
      '192.0.2.9',
      true,
    ],
    ['127.0.0.1', { 'x-forwarded-for': 'garbage, 192.0.2.44:5123' }, '192.0.2.44', false],
    ['127.0.0.1', { 'x-forwarded-for': '[2001:db8::7]:443' }, '2001:db8::7', false],
    // A trusted proxy that does not say who the client is: unknown, not the proxy's own address.
    ['127.0.0.1', {}, undefined, false],
    ['127.0.0.1', { 'x-forwarded-proto': 'https' }, undefined, true],
    ['127.0.0.1', { 'x-forwarded-for': 'garbage', 'x-forwarded-proto': 'https' }, undefined, true],
    ['127.0.0.1', { 'x-forwarded-for': '' }, undefined, false],
    ['127.0.0.1', { 'x-forwarded-for': '192.0.2.9, garbage' }, undefined, false],
    ['127.0.0.1', { 'x-forwarded-for': 'garbage, 10.0.0.7' }, undefined, false],
    ['::ffff:127.0.0.1', { 'x-forwarded-for': 'unknown' }, undefined, false],
    // Forwarded (RFC 7239): for= and proto= of the element the trusted proxy appended.
    ['127.0.0.1', { forwarded: 'for=198.51.100.97;proto=https' }, '198.51.100.97', true],
    ['127.0.0.1', { forwarded: 'For="198.51.100.97:4711";Proto=HTTPS;by=_nginx' }, '198.51.100.97', true],
    ['127.0.0.1', { forwarded: 'for="[2001:db8::1]:4711"' }, '2001:db8::1', false],
    ['127.0.0.1', { forwarded: 'for="[2001:db8::1]"' }, '2001:db8::1', false],
    ['127.0.0.1', { forwarded: 'for="[::ffff:192.0.2.8]:_port"' }, '192.0.2.8', false],
    [
      '127.0.0.1',
      { forwarded: 'for=192.0.2.200;proto=https, for=198.51.100.98;proto=http' },
      '198.51.100.98',
      false,
    ],
    // Two trusted hops: the client is the first non-proxy, and its element's proto is the original scheme.
    [
      '127.0.0.1',
      { forwarded: 'for=192.0.2.200, for=198.51.100.98;proto=https, for=10.0.0.5;proto=http' },
      '198.51.100.98',
      true,
    ],
    [
      '127.0.0.1',
      { forwarded: ['for=192.0.2.200', 'for=198.51.100.99'] as unknown as string },
      '198.51.100.99',
      false,
    ],
    // Unknown and obfuscated identifiers, bare IPv6 (needs brackets), broken syntax: no address.
    ['127.0.0.1', { forwarded: 'for=unknown;proto=https' }, undefined, true],
    ['127.0.0.1', { forwarded: 'for=_hidden' }, undefined, false],
    ['127.0.0.1', { forwarded: 'for="_gazonk"' }, undefined, false],
    ['127.0.0.1', { forwarded: 'for=2001:db8::1' }, undefined, false],
    ['127.0.0.1', { forwarded: 'for="[2001:db8::1' }, undefined, false],
    ['127.0.0.1', { forwarded: 'for=192.0.2.1;for=192.0.2.2' }, undefined, false],
    ['127.0.0.1', { forwarded: 'for=192.0.2.1, for=10.0.0.5, for=unknown' }, undefined, false],
    ['127.0.0.1', { forwarded: 'proto=https' }, undefined, true],
    // Both headers: they must agree on the client (a proxy writing one passes a forged other one through).
    [
      '127.0.0.1',
      {
        forwarded: 'for=192.0.2.50;proto=https',
        'x-forwarded-for': '192.0.2.50',
        'x-forwarded-proto': 'https',
      },
      '192.0.2.50',
      true,
    ],
    ['127.0.0.1', { forwarded: 'for=192.0.2.66', 'x-forwarded-for': '192.0.2.50' }, undefined, false],
    ['127.0.0.1', { forwarded: 'for=unknown', 'x-forwarded-for': '192.0.2.50' }, undefined, false],
    ['127.0.0.1', { forwarded: 'proto=https', 'x-forwarded-for': '192.0.2.50' }, '192.0.2.50', true],
    ['127.0.0.1', { forwarded: 'for=192.0.2.50', 'x-forwarded-proto': 'https' }, '192.0.2.50', true],
    // A scheme is believed only when every header that gives one says https.
    [
      '127.0.0.1',
      { forwarded: 'for=192.0.2.50;proto=https', 'x-forwarded-proto': 'http' },
      '192.0.2.50',
      false,
    ],
  ];
  for (const [peer, headers, address, https] of rows) {
    const r = resolveClient(peer, headers, trusted);
    const label = `${peer} ${JSON.stringify(headers)}`;
    assert.equal(r.address, address, label);
    assert.equal(r.proxiedHttps, https, label);
    // Requests are counted under the client when known, else under the peer (the proxy).
    assert.equal(r.source, address ?? peer.replace(/^::ffff:/, ''), label);
  }
});

test('parseForwarded: elements, case-insensitive names, quoted strings with escapes, empty elements', () => {
  const els = parseForwarded('for=192.0.2.1;PROTO=https,, for="[2001:db8::1]:80" ; by="a\\"b"');
  assert.deepEqual(
    els?.map((e) => Object.fromEntries(e)),
    [
      { for: '192.0.2.1', proto: 'https' },
      { for: '[2001:db8::1]:80', by: 'a"b' },
    ],
  );
  for (const bad of ['for', 'for=', 'for=a b', '=x', 'for="open', 'for=1;for=2', 'for=[::1]'])
    assert.equal(parseForwarded(bad), undefined, bad);
  assert.deepEqual(parseForwarded(''), []);
});

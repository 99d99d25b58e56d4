import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicAuthorization, buildUpdateUrl } from './dyndns2.js';

test('buildUpdateUrl puts hostnames and both families in one query, commas and colons literal', () => {
  const url = buildUpdateUrl({
    updateUrl: new URL('https://ddns.example.test/dyn/nic/update'),
    hostnames: ['a.example.test', 'b.example.test'],
    ipv4: '192.0.2.1',
    ipv6: '2001:db8::1',
  });
  assert.equal(
    url.href,
    'https://ddns.example.test/dyn/nic/update?hostname=a.example.test,b.example.test&myip=192.0.2.1,2001:db8::1',
  );
  assert.equal(url.searchParams.get('myip'), '192.0.2.1,2001:db8::1');
});

test('buildUpdateUrl with one family sends only that one', () => {
  const url = buildUpdateUrl({
    updateUrl: new URL('https://ddns.example.test/nic/update'),
    hostnames: ['a.example.test'],
    ipv6: '2001:db8::1',
  });
  assert.equal(url.search, '?hostname=a.example.test&myip=2001:db8::1');
});

test('basicAuthorization encodes user:password as UTF-8 (RFC 7617)', () => {
  assert.equal(
    basicAuthorization('üser', 'p:w'),
    `Basic ${Buffer.from('üser:p:w', 'utf8').toString('base64')}`,
  );
});

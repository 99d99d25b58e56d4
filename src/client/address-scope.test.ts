import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPublishable, parseAddress, unwrapIPv4Mapped } from './address-scope.js';

test('parseAddress classifies addresses by the IANA special-purpose registries', () => {
  const cases: [string, string, string][] = [
    ['8.8.8.8', 'ipv4', 'global'],
    [' 11.22.33.44 ', 'ipv4', 'global'],
    ['10.0.0.1', 'ipv4', 'private'],
    ['172.16.0.1', 'ipv4', 'private'],
    ['172.31.255.255', 'ipv4', 'private'],
    ['172.32.0.1', 'ipv4', 'global'],
    ['192.168.1.1', 'ipv4', 'private'],
    ['100.64.0.1', 'ipv4', 'shared'],
    ['100.128.0.1', 'ipv4', 'global'],
    ['127.0.0.1', 'ipv4', 'loopback'],
    ['169.254.1.1', 'ipv4', 'link-local'],
    ['192.0.2.1', 'ipv4', 'documentation'],
    ['198.51.100.1', 'ipv4', 'documentation'],
    ['203.0.113.1', 'ipv4', 'documentation'],
    ['198.18.0.1', 'ipv4', 'reserved'],
    ['0.0.0.0', 'ipv4', 'unspecified'],
    ['224.0.0.1', 'ipv4', 'multicast'],
    ['255.255.255.255', 'ipv4', 'reserved'],
    ['2a02:c0de::5', 'ipv6', 'global'],
    ['2606:4700::1111', 'ipv6', 'global'],
    ['2002:c000:204::1', 'ipv6', 'global'],
    ['::1', 'ipv6', 'loopback'],
    ['::', 'ipv6', 'unspecified'],
    ['fe80::1', 'ipv6', 'link-local'],
    ['fd12:3456::5', 'ipv6', 'private'],
    ['fc00::1', 'ipv6', 'private'],
    ['fec0::1', 'ipv6', 'private'],
    ['ff02::1', 'ipv6', 'multicast'],
    ['2001:db8::1', 'ipv6', 'documentation'],
    ['3fff::1', 'ipv6', 'documentation'],
    ['2001::1', 'ipv6', 'reserved'],
    ['::ffff:192.0.2.1', 'ipv6', 'ipv4-mapped'],
    ['64:ff9b::1.2.3.4', 'ipv6', 'reserved'],
  ];
  for (const [text, family, scope] of cases) {
    const p = parseAddress(text);
    assert.ok(p, text);
    assert.deepEqual([p.family, p.scope], [family, scope], text);
  }
});

test('parseAddress gives canonical text and refuses anything that is not exactly one address', () => {
  assert.equal(parseAddress('2A02:C0DE:0:0:0:0:0:05')?.address, '2a02:c0de::5');
  for (const bad of [
    '',
    'localhost',
    '1.2.3',
    '1.2.3.4/32',
    '2001:db8::1/64',
    'fe80::1%eth0',
    '1.2.3.4 5.6.7.8',
  ])
    assert.equal(parseAddress(bad), undefined, bad);
});

test('isPublishable: the right family and global, unless private addresses are allowed', () => {
  const v4 = parseAddress('192.168.1.5')!;
  assert.equal(isPublishable(v4, 'ipv4', false), false);
  assert.equal(isPublishable(v4, 'ipv4', true), true);
  assert.equal(isPublishable(v4, 'ipv6', true), false);
  assert.equal(isPublishable(parseAddress('8.8.4.4')!, 'ipv4', false), true);
  assert.equal(isPublishable(parseAddress('::ffff:8.8.4.4')!, 'ipv6', false), false);
  // Never a host's own address, allowed or not.
  assert.equal(isPublishable(parseAddress('0.0.0.0')!, 'ipv4', true), false);
  assert.equal(isPublishable(parseAddress('ff02::1')!, 'ipv6', true), false);
});

test('unwrapIPv4Mapped gives the IPv4 address inside ::ffff:a.b.c.d only', () => {
  assert.equal(unwrapIPv4Mapped(parseAddress('::ffff:8.8.4.4')!)?.address, '8.8.4.4');
  assert.equal(unwrapIPv4Mapped(parseAddress('::ffff:8.8.4.4')!)?.scope, 'global');
  assert.equal(unwrapIPv4Mapped(parseAddress('2a02:c0de::5')!), undefined);
});

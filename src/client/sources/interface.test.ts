import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { interfaceCandidates, parseIfInet6 } from './interface.js';
import { ClientError } from '../errors.js';

const entry = (address: string, family: 'IPv4' | 'IPv6'): NetworkInterfaceInfo =>
  ({
    address,
    family,
    netmask: '',
    mac: '',
    internal: false,
    cidr: null,
    scopeid: 0,
  }) as NetworkInterfaceInfo;

// As /proc/net/if_inet6 prints them: address, ifindex, prefix length, scope, flags, name.
const IF_INET6 = [
  '2a02c0de000000000000000000000004 03 40 00 a2      wan0', // deprecated
  '2a02c0de00000000aaaabbbbccccdddd 03 40 00 01      wan0', // temporary (RFC 8981)
  '2a02c0de000000000000000000000005 03 40 00 82      wan0', // permanent
  '2a02c0de000000000000000000000007 03 40 00 c0      wan0', // tentative (DAD running)
  'fe800000000000004c3e3ffffe2ebc76 03 40 20 80      wan0',
].join('\n');

test('parseIfInet6 reads address, interface and flags', () => {
  const m = parseIfInet6(IF_INET6);
  assert.equal(m.get('2a02:c0de::4|wan0'), 0xa2);
  assert.equal(m.get('2a02:c0de::5|wan0'), 0x82);
  assert.equal(m.get('fe80::4c3e:3fff:fe2e:bc76|wan0'), 0x80);
});

test('interfaceCandidates: IPv6 drops deprecated and tentative addresses and puts temporary ones last', async () => {
  const deps = {
    listInterfaces: () => ({
      wan0: [
        entry('192.0.2.5', 'IPv4'),
        entry('2a02:c0de::4', 'IPv6'),
        entry('2a02:c0de::aaaa:bbbb:cccc:dddd', 'IPv6'),
        entry('2a02:c0de::5', 'IPv6'),
        entry('2a02:c0de::7', 'IPv6'),
        entry('fe80::4c3e:3fff:fe2e:bc76%wan0', 'IPv6'),
      ],
    }),
    readIfInet6: async () => IF_INET6,
  };
  assert.deepEqual(await interfaceCandidates('wan0', 'ipv6', deps), [
    '2a02:c0de::5',
    'fe80::4c3e:3fff:fe2e:bc76',
    '2a02:c0de::aaaa:bbbb:cccc:dddd',
  ]);
  assert.deepEqual(await interfaceCandidates('wan0', 'ipv4', deps), ['192.0.2.5']);
});

test('interfaceCandidates: an unknown interface is an error that lists the ones there are', async () => {
  await assert.rejects(
    interfaceCandidates('eth9', 'ipv4', { listInterfaces: () => ({ lo: [], wan0: [] }) }),
    (e: unknown) =>
      e instanceof ClientError && /no network interface "eth9" \(there are: lo, wan0\)/.test(e.message),
  );
});

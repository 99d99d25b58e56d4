// A host changed by an update between another process's read of it and that process's commit: the delete or
// offline switch must act on the host as it is then, never leave the newer address behind. The other process
// is a second update service on the same store whose first read of the host is answered before an update
// lands (what a CLI run beside a busy server sees).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../dns/name.js';
import type { HostsStore } from '../store/hosts-store.js';
import { parseAddressParams, parseHostnameList } from './dyndns2.js';
import { createUpdateService } from './update-service.js';
import { createDdnsFixture, FIXTURE_PASSWORD, FIXTURE_USER, type DdnsFixture } from './testkit.js';

async function updateTo(f: DdnsFixture, host: string, myip: string): Promise<void> {
  const r = await f.service.update({
    credentials: { username: FIXTURE_USER, password: FIXTURE_PASSWORD },
    hostnames: parseHostnameList(host),
    addresses: parseAddressParams({ myip }, '127.0.0.1'),
    offline: false,
    sourceIp: '127.0.0.1',
    userAgent: 'race-test/1',
  });
  assert.deepEqual(r, { kind: 'answers', answers: [{ kind: 'good', addresses: [myip] }] });
}

/** otherProcess is a service whose first read of a host is answered from before `raceWith` ran. */
function otherProcess(f: DdnsFixture, raceWith: () => Promise<void>) {
  let raced = false;
  const hosts: HostsStore = {
    ...f.hosts,
    async getHostByOwner(owner: DnsName) {
      const row = await f.hosts.getHostByOwner(owner);
      if (!raced) {
        raced = true;
        await raceWith();
      }
      return row;
    },
  };
  return createUpdateService({ store: f.store, hosts, secrets: f.secrets, clock: f.clock });
}

async function storedAddresses(f: DdnsFixture, owner: string): Promise<string[]> {
  const key = DnsName.parse(owner).key;
  return (await f.store.loadZoneRecords(f.zone().origin))
    .filter((rr) => rr.owner.key === key && (rr.type === 1 || rr.type === 28))
    .map((rr) => ('address' in rr.rdata ? rr.rdata.address : '?'))
    .sort();
}

test('a delete that read the host before an update removes the updated address too', async () => {
  const f = await createDdnsFixture();
  try {
    const host = 'a.dyn.example.test';
    const cli = otherProcess(f, () => updateTo(f, host, '192.0.2.77'));
    await cli.deleteHost(host);
    assert.equal(await f.hosts.getHostByOwner(DnsName.parse(host)), undefined, 'host row gone');
    assert.deepEqual(await storedAddresses(f, host), [], 'no address left behind');
  } finally {
    await f.close();
  }
});

test('an offline switch that read the host before an update takes the updated address out of service', async () => {
  const f = await createDdnsFixture();
  try {
    const host = 'a.dyn.example.test';
    const cli = otherProcess(f, () => updateTo(f, host, '192.0.2.78'));
    const info = await cli.setOffline(host, true);
    assert.equal(info.state, 'offline');
    assert.deepEqual(await storedAddresses(f, host), [], 'nothing served while offline');
    const row = await f.hosts.getHostByOwner(DnsName.parse(host));
    assert.equal(row?.ipv4, '192.0.2.78', 'the address is kept for when it comes back online');
  } finally {
    await f.close();
  }
});

test('an update whose zone is deleted between its lookup and its commit is answered nohost, not 911', async () => {
  const f = await createDdnsFixture();
  try {
    let deleted = false;
    // The store as the update service sees it: right after it read the zone, another process deletes it.
    const getZone = async (name: DnsName) => {
      const info = await f.store.getZone(name);
      if (info && !deleted) {
        deleted = true;
        await f.store.deleteZone(name);
      }
      return info;
    };
    const store = new Proxy(f.store, {
      get(target, key) {
        if (key === 'getZone') return getZone;
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const service = createUpdateService({
      store,
      hosts: f.hosts,
      catalog: f.catalog,
      secrets: f.secrets,
      clock: f.clock,
    });
    const r = await service.update({
      credentials: { username: FIXTURE_USER, password: FIXTURE_PASSWORD },
      hostnames: parseHostnameList('a.dyn.example.test'),
      addresses: parseAddressParams({ myip: '192.0.2.79' }, '127.0.0.1'),
      offline: false,
      sourceIp: '127.0.0.1',
      userAgent: 'race-test/1',
    });
    assert.ok(deleted);
    assert.deepEqual(r, { kind: 'answers', answers: [{ kind: 'nohost' }] });
  } finally {
    await f.close();
  }
});

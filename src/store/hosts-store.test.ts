// Tests for the hosts store on a real SQLite file: host and login rows, the in-transaction works, the abuse
// window count, failed-login bookkeeping, and that host writes roll back with the zone commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnsName } from '../dns/name.js';
import { parseZoneText } from '../dns/zonefile/parser.js';
import { openStoreWithHosts, type HostsStore, type NewHost } from './hosts-store.js';
import type { Store, ZoneId } from './store.js';

const ORIGIN = DnsName.parse('dyn.example.test.');
const ZONE = `@ 3600 IN SOA ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 60
@ 3600 IN NS ns1.example.test.
`;
const T0 = new Date('2026-01-01T00:00:00Z');

async function withStores(
  fn: (s: { store: Store; hosts: HostsStore; zoneId: ZoneId }) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-hosts-'));
  const { store, hosts } = openStoreWithHosts({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
  try {
    await store.migrate();
    const zone = await store.createZone(ORIGIN, parseZoneText(ZONE, { origin: ORIGIN }).records);
    await fn({ store, hosts, zoneId: zone.id });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function newHost(zoneId: ZoneId, owner: string, username: string): NewHost {
  return {
    zoneId,
    ownerAccountId: null,
    owner: DnsName.parse(owner),
    mode: 'dual',
    ttl: 60,
    ipv4: null,
    ipv6: null,
    credential: { kind: 'new', username, passwordHash: 'h'.repeat(64), passwordEnc: 'v1.x.y.z' },
  };
}

test('insertHost stores lowercase owners; duplicate owners and usernames are refused with stable codes', async () => {
  await withStores(async ({ hosts, zoneId }) => {
    const h = await hosts.insertHost(newHost(zoneId, 'Home.DYN.example.test.', 'u1'), T0);
    assert.equal(h.owner.toString(), 'home.dyn.example.test.');
    assert.equal(h.state, 'online');
    assert.equal(h.ttl, 60);
    assert.deepEqual(h.createdAt, T0);
    assert.equal((await hosts.getHostByOwner(DnsName.parse('HOME.dyn.example.test.')))?.id, h.id);
    await assert.rejects(hosts.insertHost(newHost(zoneId, 'home.dyn.example.test.', 'u2'), T0), {
      code: 'ERR_HOST_EXISTS',
    });
    await assert.rejects(hosts.insertHost(newHost(zoneId, 'other.dyn.example.test.', 'u1'), T0), {
      code: 'ERR_USERNAME_TAKEN',
    });
    // Nothing of the refused inserts was kept.
    assert.equal((await hosts.listHosts()).length, 1);
    assert.equal(await hosts.getCredentialByUsername('u2'), undefined);
    const shared = await hosts.insertHost(
      {
        ...newHost(zoneId, 'b.dyn.example.test.', 'unused'),
        credential: { kind: 'existing', id: h.credentialId },
      },
      T0,
    );
    assert.deepEqual(
      (await hosts.hostsOfCredential(h.credentialId)).map((x) => x.id),
      [shared.id, h.id],
    );
  });
});

test('the TTL range is enforced by the schema too', async () => {
  await withStores(async ({ hosts, zoneId }) => {
    await assert.rejects(hosts.insertHost({ ...newHost(zoneId, 'x.dyn.example.test.', 'ux'), ttl: 10 }, T0));
  });
});

test('updateHostWork patches, counts and writes history; deleteHostWork drops an unshared login', async () => {
  await withStores(async ({ hosts, zoneId }) => {
    const h = await hosts.insertHost(newHost(zoneId, 'home.dyn.example.test.', 'u1'), T0);
    const t1 = new Date(T0.getTime() + 1000);
    await hosts.runInTransaction(
      hosts.updateHostWork(h.id, { ipv4: '192.0.2.1', countUpdate: true }, t1, {
        at: t1,
        oldIpv4: null,
        newIpv4: '192.0.2.1',
        oldIpv6: null,
        newIpv6: null,
        oldState: 'online',
        newState: 'online',
        sourceIp: '198.51.100.7',
        userAgent: 'x/1',
        answer: 'good 192.0.2.1',
      }),
      hosts.updateHostWork(h.id, { countNochg: true }, t1),
    );
    const after = (await hosts.getHostById(h.id))!;
    assert.equal(after.ipv4, '192.0.2.1');
    assert.equal(after.updatesCount, 1);
    assert.equal(after.nochgCount, 1);
    assert.deepEqual(after.lastUpdateAt, t1);
    const hist = await hosts.history(h.id, 10);
    assert.equal(hist.length, 1);
    assert.equal(hist[0]!.answer, 'good 192.0.2.1');
    await hosts.runInTransaction(hosts.deleteHostWork(h.id));
    assert.equal(await hosts.getHostById(h.id), undefined);
    assert.equal(await hosts.getCredentialById(h.credentialId), undefined);
    assert.deepEqual(await hosts.history(h.id, 10), []);
  });
});

test('a failing work rolls back the whole transaction, including a zone changeset', async () => {
  await withStores(async ({ store, hosts, zoneId }) => {
    const h = await hosts.insertHost(newHost(zoneId, 'home.dyn.example.test.', 'u1'), T0);
    const added = parseZoneText('home 60 IN A 192.0.2.9\n', { origin: ORIGIN }).records;
    const soaBefore = parseZoneText(ZONE, { origin: ORIGIN }).records[0]!;
    const soaAfter = parseZoneText(ZONE.replace(' 1 7200', ' 2 7200'), { origin: ORIGIN }).records[0]!;
    await assert.rejects(
      store.commitChangeset(
        ORIGIN,
        { removed: [soaBefore], added: [soaAfter, ...added] },
        1,
        2,
        async (tx) => {
          await hosts.updateHostWork(h.id, { ipv4: '192.0.2.9' }, T0)(tx);
          throw new Error('boom');
        },
      ),
      /boom/,
    );
    assert.equal((await hosts.getHostById(h.id))!.ipv4, null);
    const recs = await store.loadZoneRecords(ORIGIN);
    assert.equal(recs.length, 2);
    // And a successful one commits both.
    await store.commitChangeset(
      ORIGIN,
      { removed: [soaBefore], added: [soaAfter, ...added] },
      1,
      2,
      hosts.updateHostWork(h.id, { ipv4: '192.0.2.9' }, T0),
    );
    assert.equal((await hosts.getHostById(h.id))!.ipv4, '192.0.2.9');
    assert.equal((await store.loadZoneRecords(ORIGIN)).length, 3);
  });
});

test('recordAbuseEvent counts only the window, per kind, and forgets old events', async () => {
  await withStores(async ({ hosts, zoneId }) => {
    const h = await hosts.insertHost(newHost(zoneId, 'home.dyn.example.test.', 'u1'), T0);
    const at = (s: number): Date => new Date(T0.getTime() + s * 1000);
    const hour = 3600;
    assert.equal(await hosts.recordAbuseEvent(h.id, 'nochg', at(0), at(-hour)), 1);
    assert.equal(await hosts.recordAbuseEvent(h.id, 'nochg', at(10), at(10 - hour)), 2);
    assert.equal(await hosts.recordAbuseEvent(h.id, 'fault', at(20), at(20 - hour)), 1);
    // One hour after the first event it no longer counts (the window start is exclusive).
    assert.equal(await hosts.recordAbuseEvent(h.id, 'nochg', at(hour), at(0)), 2);
    await hosts.runInTransaction(hosts.clearAbuseEventsWork(h.id));
    assert.equal(await hosts.recordAbuseEvent(h.id, 'nochg', at(hour + 1), at(1)), 1);
  });
});

test('auth failures: counted per source and per login within the window; cleared per login; pruned', async () => {
  await withStores(async ({ hosts }) => {
    const at = (s: number): Date => new Date(T0.getTime() + s * 1000);
    for (let i = 0; i < 3; i++) await hosts.addAuthFailure('203.0.113.1', 'login-a', at(i));
    await hosts.addAuthFailure('203.0.113.1', 'login-b', at(1));
    await hosts.addAuthFailure('2001:db8::/64', 'login-a', at(1));
    const count = (source: string, login: string, since: number) =>
      hosts.countAuthFailures(source, login, at(since));
    assert.deepEqual(await count('203.0.113.1', 'login-a', -1), { fromSource: 4, forLogin: 3 });
    assert.deepEqual(await count('203.0.113.1', 'login-b', -1), { fromSource: 4, forLogin: 1 });
    // The window start is exclusive.
    assert.deepEqual(await count('203.0.113.1', 'login-a', 0), { fromSource: 3, forLogin: 2 });
    assert.deepEqual(await count('2001:db8::/64', 'login-a', -1), { fromSource: 1, forLogin: 1 });
    assert.deepEqual(await count('198.51.100.1', 'login-a', -1), { fromSource: 0, forLogin: 0 });
    // A login that got in forgets its failures from that source only.
    await hosts.clearAuthFailures('203.0.113.1', 'login-a');
    assert.deepEqual(await count('203.0.113.1', 'login-a', -1), { fromSource: 1, forLogin: 0 });
    assert.deepEqual(await count('2001:db8::/64', 'login-a', -1), { fromSource: 1, forLogin: 1 });
    await hosts.pruneAuthFailures(at(1));
    assert.deepEqual(await count('203.0.113.1', 'login-b', -1), { fromSource: 0, forLogin: 0 });
    assert.deepEqual(await count('2001:db8::/64', 'login-a', -1), { fromSource: 0, forLogin: 0 });
  });
});

test('a login remembers the last source it authenticated from, one per address family', async () => {
  await withStores(async ({ hosts, zoneId }) => {
    const h = await hosts.insertHost(newHost(zoneId, 'home.dyn.example.test.', 'u1'), T0);
    const read = async () => (await hosts.getCredentialByUsername('u1'))!.lastSources;
    assert.deepEqual(await read(), { v4: null, v6: null });
    await hosts.rememberLoginSource(h.credentialId, 4, '192.0.2.7');
    await hosts.rememberLoginSource(h.credentialId, 6, '2001:db8:1:2::/64');
    assert.deepEqual(await read(), { v4: '192.0.2.7', v6: '2001:db8:1:2::/64' });
    await hosts.rememberLoginSource(h.credentialId, 4, '198.51.100.9');
    assert.deepEqual(await read(), { v4: '198.51.100.9', v6: '2001:db8:1:2::/64' });
    assert.deepEqual((await hosts.getCredentialById(h.credentialId))!.lastSources, await read());
  });
});

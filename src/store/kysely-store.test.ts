// Tests for the Kysely store on SQLite in a temp directory: migrations, zones, changesets with conflict
// detection, the journal feed, accounts, and durability across close/reopen and kill -9.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DnsName } from '../dns/name.js';
import { RRClass, RRType, typeFromString } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { formatRdata, parseRdataText } from '../dns/zonefile/rdata-text.js';
import { openSqlite } from './db.js';
import { openStore } from './kysely-store.js';
import { isStoreError } from './errors.js';
import type { Store } from './store.js';

const origin = DnsName.parse('Example.Test.');

/** rr builds a record from "owner ttl TYPE rdata" text, relative names under `origin`. */
function rr(line: string): ResourceRecord {
  const [owner, ttl, type, ...rest] = line.split(' ');
  const t = typeFromString(type!);
  assert.ok(t !== undefined);
  return {
    owner: DnsName.parse(owner!, origin),
    type: t,
    class: RRClass.IN,
    ttl: Number(ttl),
    rdata: parseRdataText(t, rest.join(' '), origin),
  };
}

function soa(serial: number): ResourceRecord {
  return rr(`@ 3600 SOA ns1 hostmaster ${serial} 3600 600 1209600 60`);
}

const baseZone = (): ResourceRecord[] => [
  soa(2024010101),
  rr('@ 3600 NS ns1'),
  rr('ns1 3600 A 192.0.2.1'),
  rr('WWW 300 A 192.0.2.10'),
  rr('txt 300 TXT "hello world" "second"'),
];

/** text gives a sortable, comparable view of records. */
function text(records: readonly ResourceRecord[]): string[] {
  return records
    .map((r) => `${r.owner.toString()} ${r.ttl} ${r.type} ${formatRdata(r.type, r.rdata)}`)
    .sort();
}

async function withStore(fn: (store: Store, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-store-'));
  const store = openStore({ kind: 'sqlite', path: join(dir, 'dynzone.db') });
  try {
    await store.migrate();
    await fn(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('migrate is idempotent and sets the durability pragmas', async () => {
  await withStore(async (store, dir) => {
    await store.migrate();
    const db = openSqlite(join(dir, 'dynzone.db'));
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('synchronous', { simple: true }), 2); // FULL
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
      const short = openSqlite(join(dir, 'dynzone.db'), 250);
      assert.equal(short.pragma('busy_timeout', { simple: true }), 250);
      short.close();
      const tables = db
        .prepare("select name from sqlite_master where type = 'table' order by name")
        .all() as { name: string }[];
      for (const t of ['accounts', 'journal', 'records', 'zones'])
        assert.ok(
          tables.some((r) => r.name === t),
          t,
        );
    } finally {
      db.close();
    }
  });
});

test('createZone stores the zone lowercase, keeps record case, and refuses duplicates', async () => {
  await withStore(async (store) => {
    const info = await store.createZone(origin, baseZone());
    assert.equal(info.name.toString(), 'example.test.');
    assert.equal(info.nsMode, 'default');
    assert.equal(info.ownerAccountId, null);
    assert.deepEqual(text(await store.loadZoneRecords(DnsName.parse('EXAMPLE.test.'))), text(baseZone()));
    assert.ok((await store.loadZoneRecords(origin)).some((r) => r.owner.toString() === 'WWW.Example.Test.'));
    assert.equal((await store.getZone(DnsName.parse('example.TEST.')))?.id, info.id);
    assert.equal(await store.getZone(DnsName.parse('other.test.')), undefined);
    await assert.rejects(store.createZone(DnsName.parse('EXAMPLE.TEST.'), baseZone()), (e) =>
      isStoreError(e, 'ERR_ZONE_EXISTS'),
    );
    await assert.rejects(store.loadZoneRecords(DnsName.parse('nope.test.')), (e) =>
      isStoreError(e, 'ERR_ZONE_NOT_FOUND'),
    );
    assert.deepEqual(
      (await store.listZones()).map((z) => z.name.toString()),
      ['example.test.'],
    );
  });
});

test('createZone records the owner account and ns mode', async () => {
  await withStore(async (store) => {
    const acct = await store.createAccount('Alice@Example.Test', 'hash', false);
    assert.equal(acct.email, 'alice@example.test');
    assert.equal((await store.getAccountByEmail('ALICE@example.test'))?.id, acct.id);
    assert.equal((await store.getAccountById(acct.id))?.email, 'alice@example.test');
    await assert.rejects(store.createAccount('alice@example.test', 'x', true), (e) =>
      isStoreError(e, 'ERR_ACCOUNT_EXISTS'),
    );
    const info = await store.createZone(origin, baseZone(), { ownerAccountId: acct.id, nsMode: 'custom' });
    assert.equal(info.ownerAccountId, acct.id);
    assert.equal(info.nsMode, 'custom');
  });
});

test('commitChangeset applies removed/added atomically and journals it', async () => {
  await withStore(async (store) => {
    await store.createZone(origin, baseZone());
    const before = await store.latestJournalId();
    const removed = [soa(2024010101), rr('WWW 300 A 192.0.2.10')];
    const added = [soa(2024010102), rr('www 300 A 192.0.2.20'), rr('www 300 AAAA 2001:db8::1')];
    const id = await store.commitChangeset(origin, { removed, added }, 2024010101, 2024010102);
    assert.ok(id > before);
    assert.equal(await store.latestJournalId(), id);
    const expected = text([...baseZone().filter((r) => !text(removed).includes(text([r])[0]!)), ...added]);
    assert.deepEqual(text(await store.loadZoneRecords(origin)), expected);

    const [entry] = await store.readJournal(before, 10);
    assert.ok(entry);
    assert.equal(entry.kind, 'changeset');
    assert.equal(entry.zone.toString(), 'example.test.');
    assert.equal(entry.fromSerial, 2024010101);
    assert.equal(entry.toSerial, 2024010102);
    assert.deepEqual(text(entry.removed), text(removed));
    assert.deepEqual(text(entry.added), text(added));
  });
});

test('commitChangeset refuses a stale serial or a vanished record and changes nothing', async () => {
  await withStore(async (store) => {
    await store.createZone(origin, baseZone());
    const snapshot = text(await store.loadZoneRecords(origin));
    const journal = await store.latestJournalId();
    const cases: Array<[string, () => Promise<number>]> = [
      [
        'stale serial',
        () =>
          store.commitChangeset(
            origin,
            { removed: [soa(2024010100)], added: [soa(2024010102)] },
            2024010100,
            2024010102,
          ),
      ],
      [
        'record already gone',
        () =>
          store.commitChangeset(
            origin,
            {
              removed: [soa(2024010101), rr('gone 300 A 192.0.2.99')],
              added: [soa(2024010102), rr('x 300 A 192.0.2.5')],
            },
            2024010101,
            2024010102,
          ),
      ],
    ];
    for (const [what, run] of cases) {
      await assert.rejects(run(), (e) => isStoreError(e, 'ERR_STORE_CONFLICT'), what);
      assert.deepEqual(text(await store.loadZoneRecords(origin)), snapshot, what);
      assert.equal(await store.latestJournalId(), journal, what);
    }
    await assert.rejects(
      store.commitChangeset(DnsName.parse('nope.test.'), { removed: [], added: [] }, 1, 2),
      (e) => isStoreError(e, 'ERR_ZONE_NOT_FOUND'),
    );
  });
});

test('journal feed orders create, changeset and delete, and pages with afterId/limit', async () => {
  await withStore(async (store) => {
    assert.equal(await store.latestJournalId(), 0);
    assert.deepEqual(await store.readJournal(0, 10), []);
    const other = DnsName.parse('other.test.');
    await store.createZone(origin, baseZone());
    await store.createZone(other, [
      rr('other.test. 3600 SOA ns1 hostmaster 7 3600 600 1209600 60'),
      rr('other.test. 3600 NS ns1.example.test.'),
    ]);
    await store.commitChangeset(
      origin,
      { removed: [soa(2024010101)], added: [soa(2024010102)] },
      2024010101,
      2024010102,
    );
    await store.deleteZone(other);
    const all = await store.readJournal(0, 100);
    assert.deepEqual(
      all.map((e) => [e.kind, e.zone.toString(), e.fromSerial, e.toSerial]),
      [
        ['create', 'example.test.', null, 2024010101],
        ['create', 'other.test.', null, 7],
        ['changeset', 'example.test.', 2024010101, 2024010102],
        ['delete', 'other.test.', null, null],
      ],
    );
    assert.deepEqual(all[0]!.added, []); // followers load a created zone from the records table
    const ids = all.map((e) => e.id);
    assert.deepEqual(
      [...ids].sort((a, b) => a - b),
      ids,
    );
    assert.equal(await store.latestJournalId(), ids[3]);
    assert.deepEqual(
      (await store.readJournal(ids[0]!, 2)).map((e) => e.id),
      [ids[1], ids[2]],
    );
    assert.deepEqual(await store.readJournal(ids[3]!, 10), []);
    assert.equal(await store.getZone(other), undefined);
    await assert.rejects(store.deleteZone(other), (e) => isStoreError(e, 'ERR_ZONE_NOT_FOUND'));
    // A re-created zone starts afresh (its old records went with the delete).
    await store.createZone(other, [rr('other.test. 3600 SOA ns1 hostmaster 8 3600 600 1209600 60')]);
    assert.equal((await store.loadZoneRecords(other)).length, 1);
  });
});

test('a committed change survives close and reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-store-'));
  const path = join(dir, 'dynzone.db');
  try {
    const a = openStore({ kind: 'sqlite', path });
    await a.migrate();
    await a.createZone(origin, baseZone());
    await a.commitChangeset(
      origin,
      { removed: [soa(2024010101)], added: [soa(2024010102), rr('new 60 A 192.0.2.77')] },
      2024010101,
      2024010102,
    );
    const expected = text(await a.loadZoneRecords(origin));
    await a.close();
    const b = openStore({ kind: 'sqlite', path });
    await b.migrate();
    assert.deepEqual(text(await b.loadZoneRecords(origin)), expected);
    assert.equal((await b.readJournal(0, 10)).length, 2);
    await b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a commit acknowledged by a process killed with SIGKILL right after is not lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-store-'));
  const path = join(dir, 'dynzone.db');
  try {
    const storeModule = fileURLToPath(new URL('./kysely-store.js', import.meta.url));
    const rdataModule = fileURLToPath(new URL('../dns/zonefile/rdata-text.js', import.meta.url));
    const nameModule = fileURLToPath(new URL('../dns/name.js', import.meta.url));
    // The child creates the zone, commits N changes, prints each acknowledged serial, then hangs until killed.
    const script = `
      const { openStore } = await import(${JSON.stringify(storeModule)});
      const { parseRdataText } = await import(${JSON.stringify(rdataModule)});
      const { DnsName } = await import(${JSON.stringify(nameModule)});
      const o = DnsName.parse('example.test.');
      const soa = (s) => ({ owner: o, type: 6, class: 1, ttl: 3600, rdata: parseRdataText(6, 'ns1.example.test. h.example.test. ' + s + ' 1 1 1 1') });
      const store = openStore({ kind: 'sqlite', path: ${JSON.stringify(path)} });
      await store.migrate();
      await store.createZone(o, [soa(1)]);
      for (let s = 1; s <= 20; s++) {
        await store.commitChangeset(o, { removed: [soa(s)], added: [soa(s + 1)] }, s, s + 1);
        process.stdout.write('ack ' + (s + 1) + '\\n');
      }
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastAck = 0;
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        for (const m of buf.matchAll(/ack (\d+)/g)) lastAck = Math.max(lastAck, Number(m[1]));
        if (lastAck >= 21) {
          child.kill('SIGKILL');
        }
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
      setTimeout(() => reject(new Error('child did not finish in time')), 15000).unref();
    });
    assert.equal(lastAck, 21);
    const store = openStore({ kind: 'sqlite', path });
    await store.migrate();
    const records = await store.loadZoneRecords(origin);
    const soaRecord = records.find((r) => r.type === RRType.SOA);
    assert.ok(soaRecord?.rdata.kind === 'SOA');
    assert.equal(soaRecord.rdata.serial, 21);
    assert.equal(await store.latestJournalId(), 21);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('listZoneSummaries gives each zone its current serial and record count', async () => {
  await withStore(async (store) => {
    assert.deepEqual(await store.listZoneSummaries(), []);
    const other = DnsName.parse('other.test.');
    await store.createZone(origin, baseZone());
    await store.createZone(other, [rr('other.test. 3600 SOA ns1 hostmaster 7 3600 600 1209600 60')]);
    await store.commitChangeset(
      origin,
      { removed: [soa(2024010101)], added: [soa(2024010102), rr('x 60 A 192.0.2.8')] },
      2024010101,
      2024010102,
    );
    const summaries = await store.listZoneSummaries();
    assert.deepEqual(
      summaries.map((z) => [z.name.toString(), z.serial, z.recordCount]),
      [
        ['example.test.', 2024010102, baseZone().length + 1],
        ['other.test.', 7, 1],
      ],
    );
  });
});

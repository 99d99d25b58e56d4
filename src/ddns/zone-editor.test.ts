// Tests for the zone editor on a real SQLite store and catalog: commit + swap, no-op edits, semantic
// refusals that leave everything untouched, a stale catalog after another process's commit, and
// concurrent edits of one zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DnsName } from '../dns/name.js';
import { RRClass, typeFromString } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { formatRecord, parseRdataText } from '../dns/zonefile/rdata-text.js';
import { openStore } from '../store/kysely-store.js';
import type { Store } from '../store/store.js';
import { ZoneCatalog } from '../zone/catalog.js';
import { Zone } from '../zone/zone.js';
import { ZoneCheckError } from '../zone/errors.js';
import { createZoneEditor } from './zone-editor.js';

const origin = DnsName.parse('example.test.');

function rr(line: string): ResourceRecord {
  const [owner, ttl, type, ...rest] = line.split(' ');
  const t = typeFromString(type!)!;
  return {
    owner: DnsName.parse(owner!, origin),
    type: t,
    class: RRClass.IN,
    ttl: Number(ttl),
    rdata: parseRdataText(t, rest.join(' '), origin),
  };
}

const base = [
  rr('@ 3600 SOA ns1 hostmaster 100 3600 600 1209600 60'),
  rr('@ 3600 NS ns1'),
  rr('ns1 3600 A 192.0.2.1'),
];

function text(records: Iterable<ResourceRecord>): string[] {
  return [...records].map((r) => formatRecord(r)).sort();
}

async function setup(
  fn: (ctx: { store: Store; path: string; catalog: ZoneCatalog }) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-editor-'));
  const path = join(dir, 'dynzone.db');
  const store = openStore({ kind: 'sqlite', path });
  try {
    await store.migrate();
    await store.createZone(origin, base);
    const catalog = new ZoneCatalog();
    catalog.swap(Zone.build(origin, base));
    await fn({ store, path, catalog });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('apply commits, journals, swaps the catalog and bumps the serial once', async () => {
  await setup(async ({ store, catalog }) => {
    const editor = createZoneEditor({ store, catalog });
    const journal = await store.latestJournalId();
    const serial = await editor.apply(origin, { removed: [], added: [rr('www 300 A 192.0.2.10')] });
    assert.equal(serial, 101);
    assert.equal(catalog.get(origin)?.serial, 101);
    assert.deepEqual(text(await store.loadZoneRecords(origin)), text(catalog.get(origin)!.records()));
    const [entry] = await store.readJournal(journal, 10);
    assert.equal(entry?.fromSerial, 100);
    assert.equal(entry?.toSerial, 101);
    assert.deepEqual(
      text(entry!.added),
      text([rr('@ 3600 SOA ns1 hostmaster 101 3600 600 1209600 60'), rr('www 300 A 192.0.2.10')]),
    );
  });
});

test('an edit that changes nothing returns unchanged and writes nothing', async () => {
  await setup(async ({ store, catalog }) => {
    const editor = createZoneEditor({ store, catalog });
    const journal = await store.latestJournalId();
    const cases = [
      { removed: [], added: [rr('ns1 3600 A 192.0.2.1')] },
      { removed: [rr('absent 300 A 192.0.2.9')], added: [] },
      { removed: [], added: [] },
    ];
    for (const cs of cases) assert.equal(await editor.apply(origin, cs), 'unchanged');
    assert.equal(await store.latestJournalId(), journal);
    assert.equal(catalog.get(origin)?.serial, 100);
  });
});

test('a semantically bad edit throws ZoneCheckError and leaves store and catalog untouched', async () => {
  await setup(async ({ store, catalog }) => {
    const editor = createZoneEditor({ store, catalog });
    const before = catalog.get(origin);
    await assert.rejects(
      editor.apply(origin, { removed: [], added: [rr('ns1 300 CNAME elsewhere.example.')] }),
      ZoneCheckError,
    );
    await assert.rejects(editor.apply(origin, { removed: [rr('@ 3600 NS ns1')], added: [] }), ZoneCheckError);
    assert.equal(catalog.get(origin), before);
    assert.deepEqual(text(await store.loadZoneRecords(origin)), text(base));
  });
});

test('a catalog made stale by another process is detected and the edit is retried on fresh data', async () => {
  await setup(async ({ store, path, catalog }) => {
    // Another process (here a second store on the same file, no catalog) commits first.
    const other = openStore({ kind: 'sqlite', path });
    try {
      assert.equal(
        await createZoneEditor({ store: other }).apply(origin, {
          removed: [],
          added: [rr('cli 300 A 192.0.2.50')],
        }),
        101,
      );
    } finally {
      await other.close();
    }
    assert.equal(catalog.get(origin)?.serial, 100); // stale
    const serial = await createZoneEditor({ store, catalog }).apply(origin, {
      removed: [],
      added: [rr('api 300 A 192.0.2.60')],
    });
    assert.equal(serial, 102);
    const records = text(await store.loadZoneRecords(origin));
    assert.ok(records.some((l) => l.startsWith('cli.example.test.')));
    assert.ok(records.some((l) => l.startsWith('api.example.test.')));
    assert.deepEqual(text(catalog.get(origin)!.records()), records);
  });
});

test('concurrent edits of one zone all land, queued ones sharing a commit (group commit)', async () => {
  await setup(async ({ store, catalog }) => {
    const editor = createZoneEditor({ store, catalog });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        editor.apply(origin, { removed: [], added: [rr(`h${i} 60 A 192.0.2.${100 + i}`)] }),
      ),
    );
    // The first commits alone; the nine that queued meanwhile go in one transaction with one serial.
    assert.deepEqual(results, [101, ...Array.from({ length: 9 }, () => 102)]);
    assert.equal(catalog.get(origin)?.serial, 102);
    assert.equal((await store.loadZoneRecords(origin)).length, base.length + 10);
    assert.deepEqual(text(catalog.get(origin)!.records()), text(await store.loadZoneRecords(origin)));
    const journal = await store.readJournal(0, 100);
    assert.deepEqual(
      journal.filter((j) => j.kind === 'changeset').map((j) => [j.fromSerial, j.toSerial]),
      [
        [100, 101],
        [101, 102],
      ],
    );
  });
});

test('edits of the same owner are never grouped: they apply in order', async () => {
  await setup(async ({ store, catalog }) => {
    const editor = createZoneEditor({ store, catalog });
    const a = (ip: string) => rr(`www 60 A ${ip}`);
    const results = await Promise.all([
      editor.apply(origin, { removed: [], added: [a('192.0.2.1')] }),
      editor.apply(origin, { removed: [a('192.0.2.1')], added: [a('192.0.2.2')] }),
      editor.apply(origin, { removed: [a('192.0.2.2')], added: [a('192.0.2.3')] }),
    ]);
    assert.deepEqual(results, [101, 102, 103]);
    const www = text(catalog.get(origin)!.records()).filter((l) => l.startsWith('www.'));
    assert.deepEqual(www, ['www.example.test. 60 IN A 192.0.2.3']);
    assert.deepEqual(text(catalog.get(origin)!.records()), text(await store.loadZoneRecords(origin)));
  });
});

test('in a group, an edit the checks refuse is answered alone and the others land', async () => {
  await setup(async ({ store, catalog }) => {
    const editor = createZoneEditor({ store, catalog });
    const outcomes = await Promise.allSettled([
      editor.apply(origin, { removed: [], added: [rr('h1 60 A 192.0.2.11')] }),
      // ns1 has an A record: a CNAME beside it is refused (RFC 1034 §3.6.2).
      editor.apply(origin, { removed: [], added: [rr('ns1 60 CNAME h1')] }),
      editor.apply(origin, { removed: [], added: [rr('h2 60 A 192.0.2.12')] }),
    ]);
    assert.equal(outcomes[0].status, 'fulfilled');
    assert.equal(outcomes[1].status, 'rejected');
    assert.ok((outcomes[1] as PromiseRejectedResult).reason instanceof ZoneCheckError);
    assert.deepEqual(outcomes[2], { status: 'fulfilled', value: 102 });
    const names = text(await store.loadZoneRecords(origin)).map((l) => l.split(' ')[0]);
    assert.ok(names.includes('h1.example.test.') && names.includes('h2.example.test.'));
    assert.deepEqual(text(catalog.get(origin)!.records()), text(await store.loadZoneRecords(origin)));
  });
});

test('a group whose transaction fails is committed edit by edit: only the failing one is refused', async () => {
  await setup(async ({ store, catalog }) => {
    const editor = createZoneEditor({ store, catalog });
    const boom = new Error('host row changed meanwhile');
    const outcomes = await Promise.allSettled([
      editor.apply(origin, { removed: [], added: [rr('h0 60 A 192.0.2.10')] }),
      editor.apply(origin, { removed: [], added: [rr('h1 60 A 192.0.2.11')] }),
      editor.apply(
        origin,
        { removed: [], added: [rr('h2 60 A 192.0.2.12')] },
        {
          extra: async () => {
            throw boom;
          },
        },
      ),
      editor.apply(origin, { removed: [], added: [rr('h3 60 A 192.0.2.13')] }),
    ]);
    assert.deepEqual(outcomes[0], { status: 'fulfilled', value: 101 });
    // The group {h1, h2, h3} rolled back as a whole, then h1 and h3 were committed alone.
    assert.deepEqual(outcomes[1], { status: 'fulfilled', value: 102 });
    assert.deepEqual(outcomes[2], { status: 'rejected', reason: boom });
    assert.deepEqual(outcomes[3], { status: 'fulfilled', value: 103 });
    const names = text(await store.loadZoneRecords(origin)).map((l) => l.split(' ')[0]);
    assert.ok(!names.includes('h2.example.test.'));
    assert.deepEqual(text(catalog.get(origin)!.records()), text(await store.loadZoneRecords(origin)));
  });
});

test('apply on a zone that is not hosted fails with ERR_ZONE_NOT_FOUND', async () => {
  await setup(async ({ store }) => {
    await assert.rejects(
      createZoneEditor({ store }).apply(DnsName.parse('nope.test.'), { removed: [], added: [] }),
      (e: unknown) => (e as { code?: string }).code === 'ERR_ZONE_NOT_FOUND',
    );
  });
});

test('editors in different processes racing on one zone all land', async () => {
  await setup(async ({ store, path }) => {
    // Separate processes, as with parallel CLI runs: better-sqlite3 is synchronous, so two connections in
    // one process would block each other's event loop instead of taking turns.
    const editorModule = fileURLToPath(new URL('./zone-editor.js', import.meta.url));
    const storeModule = fileURLToPath(new URL('../store/kysely-store.js', import.meta.url));
    const nameModule = fileURLToPath(new URL('../dns/name.js', import.meta.url));
    const script = (i: number): string => `
      const { createZoneEditor } = await import(${JSON.stringify(editorModule)});
      const { openStore } = await import(${JSON.stringify(storeModule)});
      const { DnsName } = await import(${JSON.stringify(nameModule)});
      const store = openStore({ kind: 'sqlite', path: ${JSON.stringify(path)} });
      const editor = createZoneEditor({ store });
      const o = DnsName.parse('example.test.');
      for (let k = 0; k < 3; k++) {
        const rr = { owner: DnsName.parse('p${i}-' + k + '.example.test.'), type: 1, class: 1, ttl: 60, rdata: { kind: 'A', address: '192.0.2.${i}' } };
        await editor.apply(o, { removed: [], added: [rr] });
      }
      await store.close();
    `;
    const codes = await Promise.all(
      Array.from(
        { length: 5 },
        (_, i) =>
          new Promise<number | null>((resolve, reject) => {
            const child = spawn(process.execPath, ['--input-type=module', '-e', script(i)], {
              stdio: ['ignore', 'ignore', 'inherit'],
            });
            const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
            child.on('error', reject);
            child.on('exit', (code) => {
              clearTimeout(timer);
              resolve(code);
            });
          }),
      ),
    );
    assert.deepEqual(codes, [0, 0, 0, 0, 0]);
    const records = await store.loadZoneRecords(origin);
    assert.equal(records.length, base.length + 15);
    const soa = records.find((r) => r.rdata.kind === 'SOA');
    assert.ok(soa?.rdata.kind === 'SOA');
    assert.equal(soa.rdata.serial, 115);
  });
});

/** PublishingCatalog is a catalog whose publications (the DNS workers' acknowledgements) the test settles. */
function publishingCatalog(inner: ZoneCatalog) {
  const pending: { serial: number; settle: (error?: Error) => void }[] = [];
  return {
    pending,
    get: (o: DnsName) => inner.get(o),
    swap(zone: Zone): Promise<void> {
      inner.swap(zone);
      return new Promise<void>((resolve, reject) => {
        pending.push({ serial: zone.serial, settle: (error) => (error ? reject(error) : resolve()) });
      });
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('the next group commits while the previous publication is in flight; each edit waits for its own', async () => {
  await setup(async ({ store, catalog }) => {
    const publishing = publishingCatalog(catalog);
    const editor = createZoneEditor({ store, catalog: publishing });
    const answered: string[] = [];
    const first = editor.apply(origin, { removed: [], added: [rr('a 60 A 192.0.2.10')] });
    void first.then(
      () => answered.push('a'),
      () => undefined,
    );
    for (let i = 0; i < 5 && publishing.pending.length < 1; i++) await tick();
    assert.deepEqual(
      publishing.pending.map((p) => p.serial),
      [101],
    );
    // While serial 101 is still being published, a second edit is committed and published as 102.
    const second = editor.apply(origin, { removed: [], added: [rr('b 60 A 192.0.2.11')] });
    void second.then(
      () => answered.push('b'),
      () => undefined,
    );
    for (let i = 0; i < 20 && publishing.pending.length < 2; i++) await tick();
    assert.deepEqual(
      publishing.pending.map((p) => p.serial),
      [101, 102],
    );
    assert.equal((await store.loadZoneRecords(origin)).length, base.length + 2, 'both committed');
    // A third waits: at most two publications are in flight.
    const third = editor.apply(origin, { removed: [], added: [rr('c 60 A 192.0.2.12')] });
    void third.then(
      () => answered.push('c'),
      () => undefined,
    );
    for (let i = 0; i < 20; i++) await tick();
    assert.equal(publishing.pending.length, 2);
    assert.deepEqual(answered, [], 'nobody is answered before their publication settled');
    // The second's publication settling first answers the second only.
    publishing.pending[1]!.settle();
    for (let i = 0; i < 5; i++) await tick();
    assert.deepEqual(answered, ['b']);
    publishing.pending[0]!.settle();
    assert.equal(await first, 101);
    for (let i = 0; i < 20 && publishing.pending.length < 3; i++) await tick();
    assert.deepEqual(
      publishing.pending.map((p) => p.serial),
      [101, 102, 103],
    );
    // A publication that fails rejects its own edit; what was committed stays committed.
    publishing.pending[2]!.settle(new Error('worker out of sync'));
    await assert.rejects(third, /worker out of sync/);
    assert.equal(await second, 102);
    assert.equal((await store.loadZoneRecords(origin)).length, base.length + 3);
  });
});

// The change feed applies what other processes committed and skips what this process committed itself:
// journal entries for changes the catalog already serves must not reload the zone from the store (that
// would read every record of a big zone once per update).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnsName } from '../dns/name.js';
import { RRClass, RRType } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { openStore } from '../store/kysely-store.js';
import type { Store } from '../store/store.js';
import { ZoneCatalog } from '../zone/catalog.js';
import { Zone } from '../zone/zone.js';
import { createZoneEditor } from '../ddns/zone-editor.js';
import { startChangeFeed } from './change-feed.js';

const origin = DnsName.parse('feed.test.');
const quiet = { info: () => undefined, warn: () => undefined };

function a(owner: string, address: string): ResourceRecord {
  return {
    owner: DnsName.parse(owner, origin),
    type: RRType.A,
    class: RRClass.IN,
    ttl: 60,
    rdata: { kind: 'A', address },
  };
}

const base: ResourceRecord[] = [
  {
    owner: origin,
    type: RRType.SOA,
    class: RRClass.IN,
    ttl: 3600,
    rdata: {
      kind: 'SOA',
      mname: DnsName.parse('ns1.feed.test.'),
      rname: DnsName.parse('hostmaster.feed.test.'),
      serial: 1,
      refresh: 3600,
      retry: 600,
      expire: 1209600,
      minimum: 60,
    },
  },
  {
    owner: origin,
    type: RRType.NS,
    class: RRClass.IN,
    ttl: 3600,
    rdata: { kind: 'NS', target: DnsName.parse('ns1.feed.test.') },
  },
  a('ns1', '192.0.2.53'),
];

test('own changes are skipped without a reload; another writer’s are applied', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-feed-'));
  const path = join(dir, 'db.sqlite');
  const store = openStore({ kind: 'sqlite', path });
  const other = openStore({ kind: 'sqlite', path });
  try {
    await store.migrate();
    await store.createZone(origin, base);
    const catalog = new ZoneCatalog();
    catalog.swap(Zone.build(origin, base));
    let loads = 0;
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'loadZoneRecords') {
          return (o: DnsName) => {
            loads++;
            return target.loadZoneRecords(o);
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
      },
    }) as Store;
    const feed = startChangeFeed({
      store: counting,
      catalog,
      afterId: await store.latestJournalId(),
      intervalMs: 60_000,
      log: quiet,
    });
    const editor = createZoneEditor({ store, catalog });
    for (let i = 1; i <= 5; i++)
      await editor.apply(origin, { removed: [], added: [a(`h${i}`, `192.0.2.${i}`)] });
    assert.equal(await feed.poll(), 5);
    assert.equal(loads, 0, 'the feed reloaded a zone for changes this process already serves');
    assert.equal(catalog.get(origin)?.serial, 6);

    // Another process (its own editor, no catalog) commits: the feed applies the entry as a changeset.
    await createZoneEditor({ store: other }).apply(origin, { removed: [], added: [a('x', '192.0.2.99')] });
    assert.equal(await feed.poll(), 1);
    assert.equal(loads, 0);
    assert.equal(catalog.get(origin)?.serial, 7);
    const owners = [...catalog.get(origin)!.records()].map((r) => r.owner.key);
    assert.ok(owners.includes(DnsName.parse('x', origin).key));
    await feed.close();
  } finally {
    await other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// Test support for the update API (used by src/ddns and src/http tests only): a real SQLite store in a temp
// directory, a real ZoneCatalog holding the shared fixture zone of the update-API cases, a settable clock,
// and the update service wired to them. Not imported by production code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnsName } from '../dns/name.js';
import { parseZoneText } from '../dns/zonefile/parser.js';
import { openStoreWithHosts, type HostsStore } from '../store/hosts-store.js';
import type { Store } from '../store/store.js';
import { ZoneCatalog } from '../zone/catalog.js';
import { Zone } from '../zone/zone.js';
import { loadOrCreateServerSecrets, type ServerSecrets } from './credentials.js';
import {
  createUpdateService,
  type AbusePolicy,
  type UpdateLogger,
  type UpdateService,
} from './update-service.js';

/** FIXTURE_ORIGIN is the zone of the update-API cases. */
export const FIXTURE_ORIGIN = DnsName.parse('dyn.example.test.');

/** FIXTURE_ZONE is the shared fixture of the update-API cases (copied from the team's case list). */
export const FIXTURE_ZONE = `$ORIGIN dyn.example.test.
@    3600 IN SOA  ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 60
@    3600 IN NS   ns1.example.test.
home   60 IN A    192.0.2.1
home   60 IN AAAA 2001:db8::1
a      60 IN A    192.0.2.1
c      60 IN A    192.0.2.1
`;

/** FIXTURE_USER / FIXTURE_PASSWORD own home, a and c (Basic dTE6czNjcmV0). */
export const FIXTURE_USER = 'u1';
export const FIXTURE_PASSWORD = 's3cret';

/** FakeClock is a clock tests move by hand. */
export class FakeClock {
  #t: number;
  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#t = start;
  }
  now(): Date {
    return new Date(this.#t);
  }
  advance(seconds: number): void {
    this.#t += seconds * 1000;
  }
}

/** DdnsFixture is one isolated world: store, catalog, service; `close` removes everything. */
export interface DdnsFixture {
  readonly dir: string;
  readonly store: Store;
  readonly hosts: HostsStore;
  readonly catalog: ZoneCatalog;
  readonly clock: FakeClock;
  readonly secrets: ServerSecrets;
  readonly service: UpdateService;
  /** zone gives the served snapshot of the fixture zone. */
  zone(): Zone;
  close(): Promise<void>;
}

/**
 * createDdnsFixture builds the world: the fixture zone stored and served, and hosts home, a and c owned by
 * login u1/s3cret (extra zone lines and hosts can be added per test).
 */
export async function createDdnsFixture(
  opts: {
    extraZoneText?: string;
    extraHosts?: readonly string[];
    policy?: Partial<AbusePolicy>;
    withHosts?: boolean;
    log?: UpdateLogger;
  } = {},
): Promise<DdnsFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'dynzone-ddns-'));
  const { store, hosts } = openStoreWithHosts({ kind: 'sqlite', path: join(dir, 'dynzone.db') });
  await store.migrate();
  const { records } = parseZoneText(FIXTURE_ZONE + (opts.extraZoneText ?? ''), { origin: FIXTURE_ORIGIN });
  await store.createZone(FIXTURE_ORIGIN, records);
  const catalog = new ZoneCatalog();
  catalog.swap(Zone.build(FIXTURE_ORIGIN, await store.loadZoneRecords(FIXTURE_ORIGIN)));
  const clock = new FakeClock();
  const secrets = loadOrCreateServerSecrets(dir);
  const service = createUpdateService({
    store,
    hosts,
    catalog,
    secrets,
    clock,
    policy: opts.policy,
    log: opts.log,
  });
  if (opts.withHosts !== false) {
    // The fixture zone already holds the hosts' addresses: the hosts take them over.
    await service.createHost('home.dyn.example.test', {
      credentials: { preset: { username: FIXTURE_USER, password: FIXTURE_PASSWORD } },
      adoptAddresses: true,
    });
    for (const h of ['a', 'c', ...(opts.extraHosts ?? [])]) {
      await service.createHost(`${h}.dyn.example.test`, {
        credentials: { shareWith: 'home.dyn.example.test' },
        adoptAddresses: true,
      });
    }
  }
  return {
    dir,
    store,
    hosts,
    catalog,
    clock,
    secrets,
    service,
    zone: () => catalog.get(FIXTURE_ORIGIN)!,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** servedAddresses gives the addresses the snapshot answers for `owner` and `qtype` ([] for NODATA/NXDOMAIN). */
export function servedAddresses(zone: Zone, owner: string, qtype: number): string[] {
  const res = zone.lookup(DnsName.parse(owner), qtype);
  if (res.kind !== 'answer') return [];
  return res.answers.flatMap((s) => s.rdatas.map((r) => ('address' in r ? r.address : '?'))).sort();
}

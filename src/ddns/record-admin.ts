// Resource-record administration for the CLI, the REST API and the console: list, add, replace and delete
// records of a hosted zone. Every change is one changeset through the zone editor (semantic checks, serial
// bump, journal, catalog swap), so the name server serves it at once. A dynamic host's name is the host's
// on every surface: its A/AAAA addresses (and offline marker) are set by its updater and managed only
// through the host use cases, and a CNAME or a delegation there would conflict with its updates (SPEC
// §2.2). With `protectManaged` (the API and console) the SOA and the apex NS, which follow the zone's
// name-server mode, cannot be touched by hand either.
import { createHash } from 'node:crypto';
import type { DnsName } from '../dns/name.js';
import { RRClass, RRType, typeToString } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { formatRdata } from '../dns/zonefile/rdata-text.js';
import { canonicalSortKey } from '../dns/zonefile/printer.js';
import { rdataEquals } from '../zone/rdata-equal.js';
import { Zone } from '../zone/zone.js';
import { publishedRecords } from '../zone/presence-marker.js';
import type { Store } from '../store/store.js';
import type { HostsStore } from '../store/hosts-store.js';
import { DdnsError } from './errors.js';
import { hostText } from './host-admin.js';
import { OFFLINE_MARKER_TYPE } from './host-records.js';
import { checkTtl, parseOwner, parseRecordType, parseValue } from './record-input.js';
import { createZoneEditor, type EditorCatalog, type ZoneEditor } from './zone-editor.js';

/** DEFAULT_RECORD_TTL is the TTL of a record added without a TTL to a new RRset. */
export const DEFAULT_RECORD_TTL = 3600;

/** ManagedBy names why Dynzone maintains a record itself (null: the owner manages it). */
export type ManagedBy = 'soa' | 'name-servers' | 'dynamic-host' | null;

/** RecordView is one record as the API and console show it. */
export interface RecordView {
  /** Stable identifier of the record (owner, type and value); changes when the record does. */
  readonly id: string;
  /** The owner relative to the zone: "@" for the apex, "www", "_sip._tcp". */
  readonly name: string;
  /** The owner as a full name without the trailing dot. */
  readonly fqdn: string;
  readonly type: string;
  readonly ttl: number;
  /** The rdata in presentation form, names absolute. */
  readonly value: string;
  readonly managedBy: ManagedBy;
}

/** RecordInput is a record as typed by a person: owner ("@", "www" or absolute), type, value, optional TTL. */
export interface RecordInput {
  readonly owner: string;
  readonly type: string;
  readonly value: string;
  readonly ttl?: number | undefined;
}

/** RecordFilter selects records (the CLI's `record list|delete ZONE [OWNER [TYPE [VALUE]]]`). */
export interface RecordFilter {
  readonly owner?: DnsName | undefined;
  readonly type?: number | undefined;
  readonly value?: string | undefined;
}

/** RecordChange is the outcome of an edit: the zone's new serial, or 'unchanged'. */
export interface RecordChange {
  readonly serial: number | 'unchanged';
  readonly record?: RecordView | undefined;
  /** The record as added (the CLI prints it in zone-file form). */
  readonly added?: ResourceRecord | undefined;
  readonly removed?: readonly ResourceRecord[] | undefined;
}

/** RecordAdminDeps are what createRecordAdmin needs. */
export interface RecordAdminDeps {
  readonly store: Store;
  /** Dynamic hosts' names are looked up there: their records are the hosts'. */
  readonly hosts: HostsStore;
  readonly catalog?: EditorCatalog | undefined;
  readonly zoneEditor?: ZoneEditor | undefined;
  /** Also refuse hand edits of the SOA and apex NS (the API and console; the CLI may edit the apex NS). */
  readonly protectManaged?: boolean | undefined;
  /** How refusals name the host management of the caller's surface (default: the console's). */
  readonly manageHostsWith?: string | undefined;
}

/** CONSOLE_HOST_MANAGEMENT is how the console names the place where dynamic hosts are managed. */
export const CONSOLE_HOST_MANAGEMENT = 'Manage dynamic DNS';

/** RecordAdmin edits the records of one zone at a time. Throws DdnsError, ZoneCheckError and StoreError. */
export interface RecordAdmin {
  /** listRecords gives the zone's records sorted by owner (canonical order), SOA first at its owner. */
  listRecords(zone: DnsName, filter?: RecordFilter): Promise<RecordView[]>;
  /** matchRecords gives the zone's records matching a filter, sorted like listRecords. */
  matchRecords(zone: DnsName, filter?: RecordFilter): Promise<ResourceRecord[]>;
  /** addRecord adds one record; without a TTL it joins its RRset at the RRset's TTL (RFC 2181 §5.2). */
  addRecord(zone: DnsName, input: RecordInput): Promise<RecordChange>;
  /** replaceRecord replaces the record `id` by `input` in one changeset. */
  replaceRecord(zone: DnsName, id: string, input: RecordInput): Promise<RecordChange>;
  /** deleteRecord deletes the record `id`. */
  deleteRecord(zone: DnsName, id: string): Promise<RecordChange>;
  /** deleteMatching deletes every record a filter selects (never the apex SOA); ERR_RECORD_NOT_FOUND if none. */
  deleteMatching(zone: DnsName, filter: RecordFilter & { owner: DnsName }): Promise<RecordChange>;
}

/**
 * recordId gives the stable identifier of a record: the first 128 bits of the SHA-256 of its owner, type
 * and rdata text, base64url (22 characters, whatever the record's size; fits any URL).
 */
export function recordId(rr: ResourceRecord): string {
  const text = `${rr.owner.toLowerCase().toString()}\n${rr.type}\n${formatRdata(rr.type, rr.rdata)}`;
  return createHash('sha256').update(text, 'utf8').digest().subarray(0, 16).toString('base64url');
}

// SOA first at its owner, then types in numeric order, as zone files are usually read.
function typeRank(type: number): number {
  return type === RRType.SOA ? -1 : type;
}

function sortRecords(records: ResourceRecord[]): ResourceRecord[] {
  return records
    .map((rr) => ({ rr, key: canonicalSortKey(rr.owner) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : typeRank(a.rr.type) - typeRank(b.rr.type)))
    .map((x) => x.rr);
}

/** createRecordAdmin builds record administration over the store (and, in a server, the catalog). */
export function createRecordAdmin(deps: RecordAdminDeps): RecordAdmin {
  const { store, hosts, catalog } = deps;
  const editor = deps.zoneEditor ?? createZoneEditor({ store, catalog });
  const protect = deps.protectManaged ?? false;
  const manageHostsWith = deps.manageHostsWith ?? CONSOLE_HOST_MANAGEMENT;

  async function loadZone(origin: DnsName): Promise<Zone> {
    const served = catalog?.get(origin);
    if (served) return served;
    if (!(await store.getZone(origin)))
      throw new DdnsError('ERR_ZONE_NOT_FOUND', `zone ${origin.toString()} does not exist`, {
        zone: hostText(origin),
      });
    return Zone.build(origin, await store.loadZoneRecords(origin));
  }

  async function isHostName(owner: DnsName): Promise<boolean> {
    return (await hosts.getHostByOwner(owner)) !== undefined;
  }

  /** hostAtOrBelow gives a dynamic host of the zone at `owner` or below it, if there is one. */
  async function hostAtOrBelow(origin: DnsName, owner: DnsName): Promise<DnsName | undefined> {
    const info = await store.getZone(origin);
    if (!info) return undefined;
    return (await hosts.listHosts({ zoneId: info.id })).find((h) => h.owner.isSubdomainOf(owner))?.owner;
  }

  async function managedBy(origin: DnsName, rr: ResourceRecord): Promise<ManagedBy> {
    if (rr.type === RRType.SOA) return 'soa';
    if (rr.type === RRType.NS && rr.owner.equals(origin)) return 'name-servers';
    if (
      (rr.type === RRType.A || rr.type === RRType.AAAA || rr.type === OFFLINE_MARKER_TYPE) &&
      (await isHostName(rr.owner))
    )
      return 'dynamic-host';
    return null;
  }

  async function view(origin: DnsName, rr: ResourceRecord, hostOwners?: Set<string>): Promise<RecordView> {
    const rel = rr.owner.equals(origin) ? '@' : rr.owner.toRelativeString(origin);
    let managed: ManagedBy;
    if (hostOwners !== undefined) {
      managed =
        rr.type === RRType.SOA
          ? 'soa'
          : rr.type === RRType.NS && rr.owner.equals(origin)
            ? 'name-servers'
            : (rr.type === RRType.A || rr.type === RRType.AAAA) && hostOwners.has(rr.owner.toLowerCase().key)
              ? 'dynamic-host'
              : null;
    } else {
      managed = await managedBy(origin, rr);
    }
    return {
      id: recordId(rr),
      name: rel,
      fqdn: hostText(rr.owner),
      type: typeToString(rr.type),
      ttl: rr.ttl,
      value: formatRdata(rr.type, rr.rdata),
      managedBy: managed,
    };
  }

  function matches(origin: DnsName, filter: RecordFilter, rr: ResourceRecord): boolean {
    if (filter.owner && !rr.owner.equals(filter.owner)) return false;
    if (filter.type !== undefined && rr.type !== filter.type) return false;
    if (filter.value !== undefined && filter.type !== undefined) {
      if (!rdataEquals(rr.rdata, parseValue(filter.type, filter.value, origin))) return false;
    }
    return true;
  }

  /** match selects among the records as published: an offline host's presence marker is internal. */
  async function match(origin: DnsName, filter: RecordFilter = {}): Promise<ResourceRecord[]> {
    const zone = await loadZone(origin);
    return sortRecords(publishedRecords(zone.records()).filter((rr) => matches(origin, filter, rr)));
  }

  async function findById(zone: Zone, id: string): Promise<ResourceRecord> {
    for (const rr of publishedRecords(zone.records())) if (recordId(rr) === id) return rr;
    throw new DdnsError(
      'ERR_RECORD_NOT_FOUND',
      `no such record in ${hostText(zone.origin)} (it may have been changed or deleted meanwhile)`,
      { zone: hostText(zone.origin) },
    );
  }

  /** refuseManaged refuses changing or deleting a record Dynzone maintains (see the module header). */
  async function refuseManaged(origin: DnsName, rr: ResourceRecord, verb: string): Promise<void> {
    const why = await managedBy(origin, rr);
    if (why === 'dynamic-host') {
      throw new DdnsError(
        'ERR_RECORD_MANAGED',
        `${hostText(rr.owner)} is a dynamic DNS record: its ${typeToString(rr.type)} address is set by its updater and cannot be ${verb} by hand; manage the host with ${manageHostsWith}`,
        { hostname: hostText(rr.owner), type: typeToString(rr.type) },
      );
    }
    if (!protect) return;
    if (why === 'soa')
      throw new DdnsError(
        'ERR_RECORD_MANAGED',
        `the SOA record is maintained by Dynzone and cannot be ${verb}`,
      );
    if (why === 'name-servers') {
      throw new DdnsError(
        'ERR_RECORD_MANAGED',
        `the name servers of ${hostText(origin)} follow its name-server mode and cannot be ${verb} here; change them in the domain's name-server settings`,
      );
    }
  }

  /**
   * refuseAtHost refuses a record that would clash with a dynamic host (SPEC §2.2): an A/AAAA or CNAME at
   * its name (the updater's data, or a conflict with it), or an NS at or above it (a delegation would take
   * the host's name away from this server). With protectManaged, also the apex NS.
   */
  async function refuseAtHost(origin: DnsName, rr: ResourceRecord): Promise<void> {
    if (protect && rr.type === RRType.NS && rr.owner.equals(origin)) await refuseManaged(origin, rr, 'added');
    const t = typeToString(rr.type);
    const addressLike = rr.type === RRType.A || rr.type === RRType.AAAA || rr.type === RRType.CNAME;
    if (addressLike && (await isHostName(rr.owner))) {
      throw new DdnsError(
        'ERR_RECORD_MANAGED',
        rr.type === RRType.CNAME
          ? `${hostText(rr.owner)} is a dynamic DNS record: a CNAME there would conflict with the addresses its updater sets (a CNAME allows no other data at its name); manage the host with ${manageHostsWith}`
          : `${hostText(rr.owner)} is a dynamic DNS record: its ${t} address is set by its updater, and a static ${t} record there would conflict with its updates; manage the host with ${manageHostsWith}`,
        { hostname: hostText(rr.owner), type: t },
      );
    }
    if (rr.type === RRType.NS && !rr.owner.equals(origin)) {
      const host = await hostAtOrBelow(origin, rr.owner);
      if (host) {
        throw new DdnsError(
          'ERR_RECORD_MANAGED',
          `${hostText(host)} is a dynamic DNS record: an NS at ${hostText(rr.owner)} would delegate its name away from this server; manage the host with ${manageHostsWith}`,
          { hostname: hostText(host), type: t },
        );
      }
    }
  }

  function parseInput(
    origin: DnsName,
    input: RecordInput,
  ): { owner: DnsName; type: number } & Pick<ResourceRecord, 'rdata'> {
    const owner = parseOwner(input.owner, origin);
    const type = parseRecordType(input.type);
    const rdata = parseValue(type, input.value, origin);
    if (input.ttl !== undefined) checkTtl(input.ttl);
    return { owner, type, rdata };
  }

  /** withSiblings adds the TTL rewrite of the rest of `rr`'s RRset, so one RRset keeps one TTL (RFC 2181 §5.2). */
  function withSiblings(
    zone: Zone,
    rr: ResourceRecord,
    except?: ResourceRecord,
  ): { removed: ResourceRecord[]; added: ResourceRecord[] } {
    const set = zone.getRRset(rr.owner, rr.type);
    const removed: ResourceRecord[] = [];
    const added: ResourceRecord[] = [];
    if (!set || set.ttl === rr.ttl) return { removed, added };
    for (const rdata of set.rdatas) {
      if (rdataEquals(rdata, rr.rdata)) continue;
      if (
        except &&
        except.type === rr.type &&
        except.owner.equals(rr.owner) &&
        rdataEquals(except.rdata, rdata)
      )
        continue;
      const sibling = { owner: set.owner, type: set.type, class: set.class, rdata };
      removed.push({ ...sibling, ttl: set.ttl });
      added.push({ ...sibling, ttl: rr.ttl });
    }
    return { removed, added };
  }

  return {
    async listRecords(origin, filter) {
      const records = await match(origin, filter);
      const zoneInfo = await store.getZone(origin);
      const hostOwners = new Set(
        zoneInfo
          ? (await hosts.listHosts({ zoneId: zoneInfo.id })).map((h) => h.owner.toLowerCase().key)
          : [],
      );
      return Promise.all(records.map((rr) => view(origin, rr, hostOwners)));
    },

    matchRecords: match,

    async addRecord(origin, input) {
      const { owner, type, rdata } = parseInput(origin, input);
      const zone = await loadZone(origin);
      const ttl = input.ttl ?? zone.getRRset(owner, type)?.ttl ?? DEFAULT_RECORD_TTL;
      const rr: ResourceRecord = { owner, type, class: RRClass.IN, ttl, rdata };
      await refuseAtHost(origin, rr);
      const siblings = withSiblings(zone, rr);
      const serial = await editor.apply(origin, {
        removed: siblings.removed,
        added: [...siblings.added, rr],
      });
      return { serial, record: await view(origin, rr), added: rr };
    },

    async replaceRecord(origin, id, input) {
      const zone = await loadZone(origin);
      const old = await findById(zone, id);
      await refuseManaged(origin, old, 'changed');
      const { owner, type, rdata } = parseInput(origin, input);
      const sameSet = old.owner.equals(owner) && old.type === type;
      const ttl = input.ttl ?? (sameSet ? old.ttl : (zone.getRRset(owner, type)?.ttl ?? DEFAULT_RECORD_TTL));
      const rr: ResourceRecord = { owner, type, class: RRClass.IN, ttl, rdata };
      await refuseAtHost(origin, rr);
      const siblings = withSiblings(zone, rr, old);
      const serial = await editor.apply(origin, {
        removed: [old, ...siblings.removed],
        added: [...siblings.added, rr],
      });
      return { serial, record: await view(origin, rr), added: rr };
    },

    async deleteRecord(origin, id) {
      const zone = await loadZone(origin);
      const old = await findById(zone, id);
      await refuseManaged(origin, old, 'deleted');
      if (old.type === RRType.SOA)
        throw new DdnsError(
          'ERR_RECORD_MANAGED',
          'the SOA record cannot be deleted; delete the whole domain instead',
        );
      const serial = await editor.apply(origin, { removed: [old], added: [] });
      return { serial, removed: [old] };
    },

    async deleteMatching(origin, filter) {
      const owner = filter.owner;
      // Without a type, everything at the owner goes except an apex SOA, which only deleting the zone removes.
      const removed = (await match(origin, filter)).filter(
        (rr) => !(rr.type === RRType.SOA && owner.equals(origin)),
      );
      if (removed.length === 0) {
        const what = [
          owner.toString(),
          filter.type !== undefined ? typeToString(filter.type) : undefined,
          filter.value,
        ]
          .filter((x) => x !== undefined)
          .join(' ');
        throw new DdnsError(
          'ERR_RECORD_NOT_FOUND',
          `no record matches ${what} in zone ${origin.toString()}`,
          {
            zone: hostText(origin),
          },
        );
      }
      try {
        for (const rr of removed) await refuseManaged(origin, rr, 'deleted');
      } catch (e) {
        // Without a type, say how to delete the rest of what is at a dynamic host's name.
        const others = removed.some((rr) => rr.type !== RRType.A && rr.type !== RRType.AAAA);
        if (e instanceof DdnsError && filter.type === undefined && others)
          throw new DdnsError(
            e.code,
            `${e.message} (name a type, e.g. TXT, to delete only the other records)`,
            e.details,
          );
        throw e;
      }
      const serial = await editor.apply(origin, { removed, added: [] });
      return { serial, removed };
    },
  };
}

// Zone administration for the CLI, the REST API and the console: create a zone with its SOA and NS,
// describe it (serial, the name servers to set at the registrar, whether dynamic DNS is available), switch
// its name-server mode (SPEC §1: default = this service is authoritative; custom = delegated elsewhere,
// no dynamic DNS) and delete it. Record changes go through the zone editor (the one door); creating and
// deleting a zone go through the store, whose journal tells other processes, and then the catalog here.
import type { DnsName } from '../dns/name.js';
import { RRClass, RRType } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { isStoreError } from '../store/errors.js';
import type { HostsStore } from '../store/hosts-store.js';
import type { AccountId, NsMode, Store, StoreTxWork, ZoneInfo } from '../store/store.js';
import { Zone } from '../zone/zone.js';
import { PRESENCE_MARKER_TYPE } from '../zone/presence-marker.js';
import { canManageZone, type Actor } from './access.js';
import { DdnsError } from './errors.js';
import { hostText } from './host-admin.js';
import { parseNewZoneName, parseNsNames, parseZoneName } from './record-input.js';
import { createZoneEditor, type EditorCatalog, type ZoneEditor } from './zone-editor.js';
import { defaultNameServer, newZoneRecords, NEW_ZONE_SOA } from './zone-template.js';

/**
 * ZoneAdminCatalog is the slice of the serving catalog zone administration updates; `swap` and `remove`
 * may settle only once every DNS process serves the change, and are awaited.
 */
export interface ZoneAdminCatalog extends EditorCatalog {
  remove(origin: DnsName): boolean | Promise<boolean>;
}

/** ZoneAdminDeps are what createZoneAdmin needs; without a catalog (a CLI process) the journal informs servers. */
export interface ZoneAdminDeps {
  readonly store: Store;
  readonly hosts?: HostsStore | undefined;
  readonly catalog?: ZoneAdminCatalog | undefined;
  /** Defaults to createZoneEditor({ store, catalog }); share the server's editor to serialise edits. */
  readonly zoneEditor?: ZoneEditor | undefined;
  /** The operator's name servers, the NS of zones in default mode; absent: ns1.<zone>. */
  readonly defaultNameServers?: readonly DnsName[] | undefined;
}

/** NameServerInfo is one name server of a zone, as the registrar needs it. */
export interface NameServerInfo {
  /** Host name without the trailing dot. */
  readonly name: string;
  /** True when the name server is inside the zone itself: the registrar then needs its address (glue). */
  readonly inZone: boolean;
  /** The zone's addresses for an in-zone name server (the glue to give the registrar). */
  readonly addresses: readonly string[];
}

/** ZoneDetails is what the console shows about a zone. */
export interface ZoneDetails {
  /** Zone name without the trailing dot ("example.test"). */
  readonly name: string;
  readonly nsMode: NsMode;
  readonly ownerAccountId: number | null;
  readonly serial: number | null;
  readonly recordCount: number;
  /** The zone's apex NS: what to set at the registrar in default mode, where it is delegated in custom mode. */
  readonly nameServers: readonly NameServerInfo[];
  /** Dynamic DNS needs this service to be authoritative (default mode). */
  readonly dynamicDnsAvailable: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** CreateZoneInput are the attributes of a new zone. */
export interface CreateZoneInput {
  readonly ownerAccountId?: AccountId | null | undefined;
  /**
   * Who asks (the REST API's caller): decides which overlapping domains a refusal may name, those the
   * actor manages (canManageZone). Without one (the CLI, the operator) every domain may be named.
   */
  readonly actor?: Actor | undefined;
  readonly nsMode?: NsMode | undefined;
  /** Name-server host names: required in custom mode; in default mode they override the operator's. */
  readonly nameServers?: readonly string[] | undefined;
}

/** ZoneAdmin manages whole zones. Throws DdnsError (and StoreError when the store fails). */
export interface ZoneAdmin {
  /** createZone stores a zone with an SOA and its NS records and serves it at once (with a catalog). */
  createZone(name: string, input?: CreateZoneInput): Promise<{ zone: ZoneInfo; nameServers: DnsName[] }>;
  /** findZone gives a zone an actor may manage; ERR_ZONE_NOT_FOUND otherwise (never telling whose it is). */
  findZone(actor: Actor | undefined, name: string): Promise<ZoneInfo>;
  /** zoneContaining gives the hosted zone with the longest origin at or above `name`. */
  zoneContaining(name: DnsName): Promise<ZoneInfo | undefined>;
  /** describeZone gives a zone's details. */
  describeZone(zone: ZoneInfo): Promise<ZoneDetails>;
  /** listZones gives the zones an actor may manage (every zone without an actor), ordered by name. */
  listZones(actor?: Actor): Promise<ZoneDetails[]>;
  /**
   * setNameServerMode switches a zone between default and custom name servers, rewriting its apex NS;
   * custom mode is refused (ERR_ZONE_CUSTOM_NS) while the zone has dynamic hosts.
   */
  setNameServerMode(zone: ZoneInfo, mode: NsMode, nameServers?: readonly string[]): Promise<ZoneDetails>;
  /** deleteZone removes a zone with its records and dynamic hosts. */
  deleteZone(zone: ZoneInfo): Promise<void>;
}

/** createZoneAdmin builds zone administration over the store (and, in a server, the catalog). */
export function createZoneAdmin(deps: ZoneAdminDeps): ZoneAdmin {
  const { store, hosts, catalog } = deps;
  const editor = deps.zoneEditor ?? createZoneEditor({ store, catalog });

  function defaultServers(origin: DnsName): DnsName[] {
    const ops = deps.defaultNameServers ?? [];
    return ops.length > 0 ? [...ops] : [defaultNameServer(origin)];
  }

  function serversFor(origin: DnsName, mode: NsMode, given: readonly string[] | undefined): DnsName[] {
    const names = parseNsNames(given ?? []);
    if (mode === 'custom' && names.length === 0) {
      throw new DdnsError(
        'ERR_ZONE_NS_REQUIRED',
        'custom name-server mode needs the name servers the domain is delegated to (for example ns1.provider.example)',
      );
    }
    return names.length > 0 ? names : defaultServers(origin);
  }

  async function loadZone(origin: DnsName): Promise<Zone> {
    return catalog?.get(origin) ?? Zone.build(origin, await store.loadZoneRecords(origin));
  }

  async function checkOverlap(
    origin: DnsName,
    owner: AccountId | null,
    actor: Actor | undefined,
  ): Promise<void> {
    // An account may not host a zone inside (or around) another owner's zone: the longer origin would
    // win every query below it and take over part of the other owner's names. The refusal names the
    // other zone only when the caller manages it (an administrator and the operator's unowned zones);
    // another account's domain is not disclosed.
    if (owner === null) return;
    for (const z of await store.listZones()) {
      const overlaps = z.name.isSubdomainOf(origin) || origin.isSubdomainOf(z.name);
      if (!overlaps || z.name.equals(origin) || z.ownerAccountId === owner) continue;
      const name = hostText(origin);
      const other = hostText(z.name);
      let message: string;
      if (actor === undefined) {
        message = `${name} overlaps ${other}, which ${z.ownerAccountId === null ? 'no account owns' : 'another account owns'}`;
      } else if (!canManageZone(actor, z)) {
        message = `${name} overlaps a domain that another account hosts here`;
      } else if (origin.isSubdomainOf(z.name)) {
        // The actor's own zone of another owner: an administrator and an unowned (operator's) zone.
        message = `${name} is inside your domain ${other}: add its names as records of ${other} instead`;
      } else {
        message = `${name} would contain your domain ${other}, which belongs to no account (it was added on the command line), so the two cannot be hosted apart`;
      }
      throw new DdnsError('ERR_ZONE_OVERLAP', message, { zone: name });
    }
  }

  async function describe(info: ZoneInfo): Promise<ZoneDetails> {
    const zone = await loadZone(info.name);
    const ns = zone.getRRset(info.name, RRType.NS);
    const nameServers: NameServerInfo[] = (ns?.rdatas ?? []).flatMap((rd) => {
      if (rd.kind !== 'NS') return [];
      const inZone = rd.target.isSubdomainOf(info.name);
      const addresses = inZone
        ? [RRType.A, RRType.AAAA].flatMap(
            (t) =>
              zone.getRRset(rd.target, t)?.rdatas.flatMap((a) => ('address' in a ? [a.address] : [])) ?? [],
          )
        : [];
      return [{ name: hostText(rd.target), inZone, addresses }];
    });
    // The count is of the records the domain publishes: the markers of hosts serving no address
    // (ddns/host-records.ts) are internal and never listed.
    const markers = hosts
      ? (await hosts.listHosts({ zoneId: info.id })).filter((h) =>
          zone.getRRset(h.owner, PRESENCE_MARKER_TYPE),
        ).length
      : 0;
    return {
      name: hostText(info.name),
      nsMode: info.nsMode,
      ownerAccountId: info.ownerAccountId,
      serial: zone.serial,
      recordCount: zone.recordCount - markers,
      nameServers,
      dynamicDnsAvailable: info.nsMode === 'default',
      createdAt: info.createdAt.toISOString(),
      updatedAt: info.updatedAt.toISOString(),
    };
  }

  return {
    async createZone(nameText, input = {}) {
      const origin = parseNewZoneName(nameText);
      const mode = input.nsMode ?? 'default';
      const nameServers = serversFor(origin, mode, input.nameServers);
      const records = newZoneRecords(origin, nameServers, new Date());
      const zone = Zone.build(origin, records); // the same checks as every other zone change
      const owner = input.ownerAccountId ?? null;
      await checkOverlap(origin, owner, input.actor);
      let info: ZoneInfo;
      try {
        info = await store.createZone(origin, records, { ownerAccountId: owner, nsMode: mode });
      } catch (e) {
        if (isStoreError(e, 'ERR_ZONE_EXISTS')) {
          throw new DdnsError(
            'ERR_ZONE_EXISTS',
            `the domain ${hostText(origin)} already exists on this server`,
            { zone: hostText(origin) },
            e,
          );
        }
        throw e;
      }
      await catalog?.swap(zone);
      return { zone: info, nameServers };
    },

    async findZone(actor, nameText) {
      const origin = parseZoneName(nameText);
      const info = await store.getZone(origin);
      if (!info || (actor !== undefined && !canManageZone(actor, info))) {
        throw new DdnsError('ERR_ZONE_NOT_FOUND', `no domain ${hostText(origin)} in your account`, {
          zone: hostText(origin),
        });
      }
      return info;
    },

    async zoneContaining(name) {
      let best: ZoneInfo | undefined;
      for (const z of await store.listZones()) {
        if (name.isSubdomainOf(z.name) && (!best || z.name.labels.length > best.name.labels.length)) best = z;
      }
      return best;
    },

    describeZone: describe,

    async listZones(actor) {
      const zones = (await store.listZones()).filter((z) => actor === undefined || canManageZone(actor, z));
      return Promise.all(zones.map(describe));
    },

    async setNameServerMode(info, mode, given) {
      const origin = info.name;
      if (mode === 'custom' && hosts) {
        // Delegated elsewhere, the zone could no longer serve its dynamic hosts (SPEC §1): their updates
        // would get nohost and their names would vanish while the hosts stayed listed.
        const own = await hosts.listHosts({ zoneId: info.id });
        if (own.length > 0) {
          const names = own.slice(0, 3).map((h) => hostText(h.owner));
          const listed = own.length > 3 ? `${names.join(', ')} and ${own.length - 3} more` : names.join(', ');
          throw new DdnsError(
            'ERR_ZONE_CUSTOM_NS',
            `${hostText(origin)} has ${own.length} dynamic DNS record${own.length === 1 ? '' : 's'} (${listed}), which ${own.length === 1 ? 'needs' : 'need'} Dynzone's name servers: delete ${own.length === 1 ? 'it' : `its ${own.length} dynamic DNS records`} first, then switch to custom name servers`,
            { zone: hostText(origin), hosts: own.length },
          );
        }
      }
      const servers =
        mode === 'custom' ? serversFor(origin, 'custom', given) : serversFor(origin, 'default', given);
      const zone = await loadZone(origin);
      const current = zone.getRRset(origin, RRType.NS);
      const ttl = current?.ttl ?? NEW_ZONE_SOA.ttl;
      const removed: ResourceRecord[] = (current?.rdatas ?? []).map((rdata) => ({
        owner: origin,
        type: RRType.NS,
        class: RRClass.IN,
        ttl,
        rdata,
      }));
      const added: ResourceRecord[] = servers.map((target) => ({
        owner: origin,
        type: RRType.NS,
        class: RRClass.IN,
        ttl,
        rdata: { kind: 'NS', target },
      }));
      const work: StoreTxWork = store.setZoneNsModeWork(origin, mode);
      // The NS rewrite and the mode commit together: a crash leaves neither or both.
      const result = await editor.apply(origin, { removed, added }, { extra: work });
      if (result === 'unchanged') await store.runInTransaction(work);
      const fresh = await store.getZone(origin);
      if (!fresh) throw new DdnsError('ERR_ZONE_NOT_FOUND', `domain ${hostText(origin)} is gone`);
      return describe(fresh);
    },

    async deleteZone(info) {
      const doomed = hosts ? await hosts.listHosts({ zoneId: info.id }) : [];
      // The zone's hosts (and logins no other host shares) go in the same transaction as the zone.
      const extra: StoreTxWork | undefined = hosts
        ? async (tx) => {
            for (const h of doomed) await hosts.deleteHostWork(h.id)(tx);
          }
        : undefined;
      await store.deleteZone(info.name, extra);
      await catalog?.remove(info.name);
    },
  };
}

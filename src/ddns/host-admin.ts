// Dynamic-host management for the CLI, REST API and console (SPEC §1, §6 `dynzone host ...`): create a host
// with generated credentials, list/show, delete (its records leave the zone through the zone editor),
// unblock, regenerate and view credentials, put offline/online. Every zone change goes through the one
// door (zone-editor.ts) with the host row in the same transaction.
import type { DnsName } from '../dns/name.js';
import { RRType } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import type { AccountId, StoreTxWork, ZoneId, ZoneInfo } from '../store/store.js';
import type { HostMode, HostRow, HostState, HistoryEntry, HostsStore } from '../store/hosts-store.js';
import { isStoreError } from '../store/errors.js';
import { Zone } from '../zone/zone.js';
import { createZoneEditor } from './zone-editor.js';
import {
  decryptPassword,
  encryptPassword,
  generatePassword,
  generateUsername,
  hashPassword,
} from './credentials.js';
import { parseHostname } from './dyndns2.js';
import { DdnsError } from './errors.js';
import { servedRecords } from './host-records.js';
import type { UpdateServiceDeps } from './update-service.js';

/** MIN_HOST_TTL and MAX_HOST_TTL bound a host's TTL (SPEC §2.4). */
export const MIN_HOST_TTL = 30;
export const MAX_HOST_TTL = 86400;
/** DEFAULT_HOST_TTL is a new host's TTL (SPEC §2.4). */
export const DEFAULT_HOST_TTL = 60;

/** HostCredentials is what `host add` and `host credentials` print (SPEC §6: hostname, username, password). */
export interface HostCredentials {
  readonly hostname: string;
  readonly username: string;
  readonly password: string;
}

/** HostInfo is the public view of a host: never the password, nor its verifier. */
export interface HostInfo {
  /** Absolute name without the trailing dot ("home.dyn.example.test"). */
  readonly hostname: string;
  readonly zone: string;
  readonly username: string;
  readonly mode: HostMode;
  readonly ttl: number;
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  readonly state: HostState;
  readonly blockedUntil: string | null;
  readonly updates: number;
  readonly nochg: number;
  readonly ownerAccountId: number | null;
  readonly createdAt: string;
  readonly lastUpdateAt: string | null;
}

/** HostDetails is HostInfo plus the newest history entries. */
export interface HostDetails extends HostInfo {
  readonly history: readonly HistoryEntry[];
}

/** CreateHostOptions are the optional attributes of a new host. */
export interface CreateHostOptions {
  readonly ownerAccountId?: AccountId | null | undefined;
  readonly mode?: HostMode | undefined;
  readonly ttl?: number | undefined;
  /**
   * Login to use instead of a generated one: `shareWith` reuses another host's login (one router updating
   * several names); `preset` keeps an existing username/password (moving from another provider, fixtures).
   */
  readonly credentials?:
    | { readonly shareWith: string }
    | { readonly preset: { readonly username: string; readonly password: string } }
    | undefined;
  /**
   * Take over the name's existing A/AAAA (one of each at most) as the host's current addresses, for a zone
   * moved from another provider whose file already holds them, and test fixtures. No surface (CLI, API,
   * console) offers it: there a static A/AAAA at the name is refused (SPEC §2.2: it conflicts).
   */
  readonly adoptAddresses?: boolean | undefined;
}

/** HostAdmin is the management side of dynamic hosts. Throws DdnsError (and StoreError on store failure). */
export interface HostAdmin {
  /**
   * createHost makes a dynamic host; the zone must exist in default name-server mode, and the name must not
   * be a host already, nor hold a CNAME or static A/AAAA records, nor sit at or below a delegation.
   */
  createHost(fqdn: string, opts?: CreateHostOptions): Promise<HostCredentials>;
  /** listHosts gives every host (optionally one account's, or one zone's), ordered by name. */
  listHosts(filter?: { ownerAccountId?: AccountId; zoneId?: ZoneId }): Promise<HostInfo[]>;
  /** getHost gives one host with its newest history entries. */
  getHost(fqdn: string, historyLimit?: number): Promise<HostDetails>;
  /** deleteHost removes a host and its A/AAAA records. */
  deleteHost(fqdn: string): Promise<void>;
  /** unblockHost lifts an abuse block; the host serves and accepts updates again. */
  unblockHost(fqdn: string): Promise<HostInfo>;
  /** regenerateCredentials gives the host's login a new username and password (shared hosts follow). */
  regenerateCredentials(fqdn: string): Promise<HostCredentials>;
  /** viewCredentials decrypts the stored copy of the host's password. */
  viewCredentials(fqdn: string): Promise<HostCredentials>;
  /** setOffline stops (true) or resumes (false) serving the host's addresses, keeping them stored. */
  setOffline(fqdn: string, offline: boolean): Promise<HostInfo>;
}

/** HostLock runs a task while no other task with the same key runs (the update service's per-host lock). */
export type HostLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/** MAX_REREADS bounds how often an edit of a host is tried again after another process changed the host. */
const MAX_REREADS = 5;

/**
 * createHostAdmin builds the management API over the same deps as the update service; `lock` serialises
 * its changes with updates of the same host in this process (other processes are caught by the row check).
 */
export function createHostAdmin(deps: UpdateServiceDeps, lock: HostLock = (_k, task) => task()): HostAdmin {
  const { store, hosts, secrets, catalog } = deps;
  const editor = deps.zoneEditor ?? createZoneEditor({ store, catalog });
  const clock = deps.clock ?? { now: () => new Date() };

  function parseName(fqdn: string): DnsName {
    const name = parseHostname(fqdn);
    if (!name)
      throw new DdnsError('ERR_HOST_NAME_INVALID', `"${fqdn}" is not a fully-qualified host name`, { fqdn });
    return name;
  }

  async function loadZone(origin: DnsName): Promise<Zone> {
    return catalog?.get(origin) ?? Zone.build(origin, await store.loadZoneRecords(origin));
  }

  async function zoneFor(name: DnsName): Promise<ZoneInfo | undefined> {
    let best: ZoneInfo | undefined;
    for (const z of await store.listZones()) {
      if (name.isSubdomainOf(z.name) && (!best || z.name.labels.length > best.name.labels.length)) best = z;
    }
    return best;
  }

  async function zoneById(id: number): Promise<ZoneInfo> {
    const z = (await store.listZones()).find((x) => x.id === id);
    if (!z) throw new DdnsError('ERR_ZONE_NOT_FOUND', `zone ${id} of the host is gone`);
    return z;
  }

  async function mustGet(fqdn: string): Promise<HostRow> {
    const name = parseName(fqdn);
    const h = await hosts.getHostByOwner(name);
    if (!h)
      throw new DdnsError('ERR_HOST_NOT_FOUND', `no dynamic host ${hostText(name)}`, {
        hostname: hostText(name),
      });
    return h;
  }

  async function toInfo(h: HostRow, zoneName?: string): Promise<HostInfo> {
    const cred = await hosts.getCredentialById(h.credentialId);
    const lapsed =
      h.state === 'blocked' && h.blockedUntil !== null && h.blockedUntil.getTime() <= clock.now().getTime();
    return {
      hostname: hostText(h.owner),
      zone: zoneName ?? hostText((await zoneById(h.zoneId)).name),
      username: cred?.username ?? '',
      mode: h.mode,
      ttl: h.ttl,
      ipv4: h.ipv4,
      ipv6: h.ipv6,
      // A block whose cool-down has passed is over, even before the next update rewrites the row.
      state: lapsed ? 'online' : h.state,
      blockedUntil: lapsed ? null : (h.blockedUntil?.toISOString() ?? null),
      updates: h.updatesCount,
      nochg: h.nochgCount,
      ownerAccountId: h.ownerAccountId,
      createdAt: h.createdAt.toISOString(),
      lastUpdateAt: h.lastUpdateAt?.toISOString() ?? null,
    };
  }

  /** commit changes the served records and the host row in one transaction (or the row alone). */
  async function commit(
    h: HostRow,
    zone: ZoneInfo,
    added: ResourceRecord[],
    work: StoreTxWork,
  ): Promise<void> {
    const before = servedRecords({
      owner: h.owner,
      ttl: h.ttl,
      ipv4: h.ipv4,
      ipv6: h.ipv6,
      state: h.state === 'blocked' ? 'online' : h.state,
    });
    const result = await editor.apply(zone.name, { removed: before, added }, { extra: work });
    if (result === 'unchanged') await hosts.runInTransaction(work);
  }

  async function freshCredential(
    label: string,
    password: string,
  ): Promise<{ username: string; passwordHash: string; passwordEnc: string }> {
    const username = generateUsername(label);
    return {
      username,
      passwordHash: hashPassword(secrets, password),
      passwordEnc: encryptPassword(secrets, username, password),
    };
  }

  function exists(name: DnsName, cause?: unknown): DdnsError {
    return new DdnsError(
      'ERR_HOST_EXISTS',
      `a dynamic host ${hostText(name)} already exists`,
      { hostname: hostText(name) },
      cause,
    );
  }

  /**
   * rereadOnChange runs an edit that read a host row first again when another process changed the row
   * between the read and the commit (ERR_HOST_CHANGED rolled the commit back).
   */
  async function rereadOnChange<T>(edit: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await edit();
      } catch (e) {
        if (!isStoreError(e, 'ERR_HOST_CHANGED') || attempt >= MAX_REREADS) throw e;
      }
    }
  }

  async function deleteLocked(fqdn: string): Promise<void> {
    await rereadOnChange(async () => {
      const h = await mustGet(fqdn);
      const zone = await zoneById(h.zoneId);
      // The records removed are the ones this row says are served: if an update changes them first (in
      // another process), the delete is refused by the row check and tried again on the new row.
      await commit(h, zone, [], hosts.deleteHostWork(h.id, { ipv4: h.ipv4, ipv6: h.ipv6, state: h.state }));
    });
  }

  async function unblockLocked(fqdn: string): Promise<HostInfo> {
    const h = await mustGet(fqdn);
    if (h.state === 'blocked') {
      const now = clock.now();
      await hosts.runInTransaction(
        hosts.updateHostWork(h.id, { state: 'online', blockedUntil: null }, now, {
          at: now,
          oldIpv4: h.ipv4,
          newIpv4: h.ipv4,
          oldIpv6: h.ipv6,
          newIpv6: h.ipv6,
          oldState: 'blocked',
          newState: 'online',
          sourceIp: null,
          userAgent: null,
          answer: 'unblocked by the owner',
        }),
        hosts.clearAbuseEventsWork(h.id),
      );
    }
    return toInfo((await hosts.getHostById(h.id))!);
  }

  async function setOfflineLocked(fqdn: string, offline: boolean): Promise<HostInfo> {
    return rereadOnChange(() => setOfflineOnce(fqdn, offline));
  }

  async function setOfflineOnce(fqdn: string, offline: boolean): Promise<HostInfo> {
    const h = await mustGet(fqdn);
    const state: HostState = h.state === 'blocked' ? 'blocked' : offline ? 'offline' : 'online';
    if (state !== h.state) {
      const now = clock.now();
      const zone = await zoneById(h.zoneId);
      const work = hosts.updateHostWork(
        h.id,
        { state, expect: { ipv4: h.ipv4, ipv6: h.ipv6, state: h.state } },
        now,
        {
          at: now,
          oldIpv4: h.ipv4,
          newIpv4: h.ipv4,
          oldIpv6: h.ipv6,
          newIpv6: h.ipv6,
          oldState: h.state,
          newState: state,
          sourceIp: null,
          userAgent: null,
          answer: offline ? 'set offline by the owner' : 'set online by the owner',
        },
      );
      await commit(
        h,
        zone,
        servedRecords({ owner: h.owner, ttl: h.ttl, ipv4: h.ipv4, ipv6: h.ipv6, state }),
        work,
      );
    }
    return toInfo((await hosts.getHostById(h.id))!);
  }

  return {
    async createHost(fqdn, opts = {}) {
      const name = parseName(fqdn);
      const ttl = opts.ttl ?? deps.defaultHostTtl ?? DEFAULT_HOST_TTL;
      if (!Number.isInteger(ttl) || ttl < MIN_HOST_TTL || ttl > MAX_HOST_TTL) {
        throw new DdnsError('ERR_HOST_TTL_RANGE', `TTL ${ttl} is outside ${MIN_HOST_TTL}..${MAX_HOST_TTL}`, {
          ttl,
        });
      }
      const zoneInfo = await zoneFor(name);
      if (!zoneInfo)
        throw new DdnsError('ERR_ZONE_NOT_FOUND', `no hosted zone contains ${hostText(name)}`, {
          hostname: hostText(name),
        });
      if (zoneInfo.nsMode === 'custom') {
        throw new DdnsError(
          'ERR_ZONE_CUSTOM_NS',
          `zone ${hostText(zoneInfo.name)} uses custom name servers: dynamic DNS needs this service to be authoritative`,
          { zone: hostText(zoneInfo.name) },
        );
      }
      // An existing host first: its own addresses are no reason to refuse with anything but this.
      if (await hosts.getHostByOwner(name)) throw exists(name);
      const zone = await loadZone(zoneInfo.name);
      const res = zone.lookup(name, RRType.A);
      if (res.kind === 'referral') {
        // At the delegation point itself (the name has the NS records) or somewhere below it.
        const at = res.ns.owner.equals(name);
        throw new DdnsError(
          'ERR_HOST_NAME_CONFLICT',
          at
            ? `${hostText(name)} is delegated to other name servers (it has NS records), so its address would never be served from here`
            : `${hostText(name)} is below the delegation at ${hostText(res.ns.owner)}, so its address would never be served from here`,
          { hostname: hostText(name) },
        );
      }
      if (zone.getRRset(name, RRType.CNAME)) {
        throw new DdnsError('ERR_HOST_NAME_CONFLICT', `${hostText(name)} has a CNAME record`, {
          hostname: hostText(name),
        });
      }
      const mode = opts.mode ?? 'dual';
      let ipv4: string | null = null;
      let ipv6: string | null = null;
      const statics = [RRType.A, RRType.AAAA].flatMap((t) => zone.getRRset(name, t) ?? []);
      if (statics.length > 0 && !opts.adoptAddresses) {
        // SPEC §2.2: a static A/AAAA at the name conflicts with the host; its first update would overwrite
        // the owner's record and deleting the host would remove it.
        const types = statics.map((set) => (set.type === RRType.A ? 'A' : 'AAAA')).join(' and ');
        const values = statics.flatMap((set) => set.rdatas.map((rd) => ('address' in rd ? rd.address : '?')));
        throw new DdnsError(
          'ERR_HOST_NAME_CONFLICT',
          `${hostText(name)} has static ${types} records (${values.join(', ')}); delete them first, or choose another name for the dynamic DNS record`,
          { hostname: hostText(name) },
        );
      }
      if (opts.adoptAddresses) {
        // A single existing address per family is taken over by the host; several cannot be.
        const adopt = (type: number, label: string): string | null => {
          const set = zone.getRRset(name, type);
          if (!set) return null;
          const rd = set.rdatas[0];
          if (set.rdatas.length !== 1 || !rd || !('address' in rd)) {
            throw new DdnsError('ERR_HOST_NAME_CONFLICT', `${hostText(name)} has several ${label} records`, {
              hostname: hostText(name),
            });
          }
          return rd.address;
        };
        ipv4 = adopt(RRType.A, 'A');
        ipv6 = adopt(RRType.AAAA, 'AAAA');
        if (mode === 'single' && ipv4 !== null && ipv6 !== null) {
          throw new DdnsError(
            'ERR_HOST_NAME_CONFLICT',
            `${hostText(name)} has both A and AAAA: use mode dual`,
            { hostname: hostText(name) },
          );
        }
      }

      const c = opts.credentials;
      if (c && 'shareWith' in c) {
        const other = await mustGet(c.shareWith);
        const cred = await hosts.getCredentialById(other.credentialId);
        if (!cred) throw new DdnsError('ERR_HOST_NOT_FOUND', `login of ${c.shareWith} is gone`);
        await insert({ kind: 'existing', id: other.credentialId });
        return {
          hostname: hostText(name),
          username: cred.username,
          password: decryptPassword(secrets, cred.username, cred.passwordEnc),
        };
      }
      if (c && 'preset' in c) {
        const { username, password } = c.preset;
        await insert({
          kind: 'new',
          username,
          passwordHash: hashPassword(secrets, password),
          passwordEnc: encryptPassword(secrets, username, password),
        });
        return { hostname: hostText(name), username, password };
      }
      const password = generatePassword();
      for (let attempt = 0; ; attempt++) {
        const fresh = await freshCredential(name.labels[0] ?? 'host', password);
        try {
          await insert({ kind: 'new', ...fresh });
          return { hostname: hostText(name), username: fresh.username, password };
        } catch (e) {
          if (!isStoreError(e, 'ERR_USERNAME_TAKEN') || attempt >= 5) throw e;
        }
      }

      async function insert(
        credential: Parameters<HostsStore['insertHost']>[0]['credential'],
      ): Promise<void> {
        // The host's records join the zone in the same transaction as its row: the marker while it has
        // no address yet (host-records.ts), so its name exists and no wildcard answers for it.
        const work = hosts.insertHostWork(
          {
            zoneId: zoneInfo!.id,
            ownerAccountId: opts.ownerAccountId ?? zoneInfo!.ownerAccountId,
            owner: name,
            mode,
            ttl,
            ipv4,
            ipv6,
            credential,
          },
          clock.now(),
        );
        const added = servedRecords({ owner: name, ttl, ipv4, ipv6, state: 'online' });
        try {
          const result = await editor.apply(zoneInfo!.name, { removed: [], added }, { extra: work });
          if (result === 'unchanged') await hosts.runInTransaction(work);
        } catch (e) {
          if (isStoreError(e, 'ERR_HOST_EXISTS')) throw exists(name, e);
          throw e;
        }
      }
    },

    async listHosts(filter = {}) {
      const rows = await hosts.listHosts({
        ...(filter.ownerAccountId !== undefined ? { ownerAccountId: filter.ownerAccountId } : {}),
        ...(filter.zoneId !== undefined ? { zoneId: filter.zoneId } : {}),
      });
      const zones = new Map((await store.listZones()).map((z) => [z.id as number, hostText(z.name)]));
      return Promise.all(rows.map((h) => toInfo(h, zones.get(h.zoneId))));
    },

    async getHost(fqdn, historyLimit = 20) {
      const h = await mustGet(fqdn);
      return { ...(await toInfo(h)), history: await hosts.history(h.id, historyLimit) };
    },

    async deleteHost(fqdn) {
      return lock(parseName(fqdn).key, () => deleteLocked(fqdn));
    },

    async unblockHost(fqdn) {
      return lock(parseName(fqdn).key, () => unblockLocked(fqdn));
    },

    async setOffline(fqdn, offline) {
      return lock(parseName(fqdn).key, () => setOfflineLocked(fqdn, offline));
    },

    async regenerateCredentials(fqdn) {
      const h = await mustGet(fqdn);
      const password = generatePassword();
      for (let attempt = 0; ; attempt++) {
        const fresh = await freshCredential(h.owner.labels[0] ?? 'host', password);
        // Every host of the login shows in its history that the old username and password stopped
        // working, and when (never the credentials themselves).
        const now = clock.now();
        const noted = (await hosts.hostsOfCredential(h.credentialId)).map((x) =>
          hosts.updateHostWork(x.id, {}, now, {
            at: now,
            oldIpv4: x.ipv4,
            newIpv4: x.ipv4,
            oldIpv6: x.ipv6,
            newIpv6: x.ipv6,
            oldState: x.state,
            newState: x.state,
            sourceIp: null,
            userAgent: null,
            answer: 'credentials regenerated by the owner',
          }),
        );
        try {
          await hosts.replaceCredential(
            h.credentialId,
            fresh.username,
            fresh.passwordHash,
            fresh.passwordEnc,
            ...noted,
          );
          return { hostname: hostText(h.owner), username: fresh.username, password };
        } catch (e) {
          if (!isStoreError(e, 'ERR_USERNAME_TAKEN') || attempt >= 5) throw e;
        }
      }
    },

    async viewCredentials(fqdn) {
      const h = await mustGet(fqdn);
      const cred = await hosts.getCredentialById(h.credentialId);
      if (!cred) throw new DdnsError('ERR_HOST_NOT_FOUND', `login of ${fqdn} is gone`);
      let password: string;
      try {
        password = decryptPassword(secrets, cred.username, cred.passwordEnc);
      } catch (e) {
        throw new DdnsError(
          'ERR_CREDENTIALS_UNREADABLE',
          'the stored password cannot be decrypted with this server key (secret.key replaced?)',
          {},
          e,
        );
      }
      return { hostname: hostText(h.owner), username: cred.username, password };
    },
  };
}

/** hostText gives a name without its trailing dot, as users type host names. */
export function hostText(name: DnsName): string {
  const t = name.toString();
  return t.length > 1 && t.endsWith('.') ? t.slice(0, -1) : t;
}

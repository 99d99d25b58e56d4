// The dyndns2 update use case (SPEC §2): authenticate the login, then per hostname, all-or-nothing:
// host lookup → ownership → blocked state → conflict check → nochg or good → one transaction (records,
// journal, host row, history) through the zone editor → catalog swap → answer. Counts abuse (SPEC §2.3);
// the failed-login limit is login-limit.ts. Host management (create, delete, credentials...) lives in
// host-admin.ts and shares these deps. Knows nothing about HTTP; the route turns UpdateResult into a response.
import type { DnsName } from '../dns/name.js';
import type { Store, ZoneInfo } from '../store/store.js';
import type {
  CredentialRow,
  HostPatch,
  HostRow,
  HostsStore,
  HostState,
  HistoryEntry,
} from '../store/hosts-store.js';
import { isStoreError } from '../store/errors.js';
import { Zone } from '../zone/zone.js';
import type { AppliedChange } from '../zone/changeset.js';
import { ZoneCheckError } from '../zone/errors.js';
import { createZoneEditor, type ZoneEditor } from './zone-editor.js';
import type { ServerSecrets } from './credentials.js';
import { createLoginLimiter, type LoginOutcome, type LoginRefusal } from './login-limit.js';
import {
  formatAnswer,
  isClientFault,
  type AddressParse,
  type HostnameList,
  type UpdateAnswer,
} from './dyndns2.js';
import { createHostAdmin, type HostAdmin } from './host-admin.js';
import { findConflict, nextAddresses, servedRecords, zoneServesExactly } from './host-records.js';

/** Clock gives the current time; injected so windows and cool-downs are testable. */
export interface Clock {
  now(): Date;
}

/** AbusePolicy holds the operator-configurable thresholds of SPEC §2.3 (defaults in DEFAULT_ABUSE_POLICY). */
export interface AbusePolicy {
  /** Length of the counting window, in seconds. */
  readonly windowSeconds: number;
  /** A host is blocked when it gets more than this many `nochg` answers within the window. */
  readonly maxNochg: number;
  /** A host is blocked when it gets more than this many badauth/nohost/notfqdn/conflict answers within the window. */
  readonly maxFaults: number;
  /** How long a block lasts before it lapses by itself, in seconds; null = until the owner unblocks. */
  readonly cooldownSeconds: number | null;
  /** Failed logins for one login from one source within the window before that login is refused there. */
  readonly maxAuthFailures: number;
  /** Failed logins from one source, whatever the login, within the window before its logins are refused. */
  readonly maxAuthFailuresPerSource: number;
  /** Window of the failed-login limits, in seconds (see login-limit.ts for the whole rule). */
  readonly authFailureWindowSeconds: number;
}

/** DEFAULT_ABUSE_POLICY is SPEC §2.3's default: more than 5 per host per hour blocks for one hour. */
export const DEFAULT_ABUSE_POLICY: AbusePolicy = {
  windowSeconds: 3600,
  maxNochg: 5,
  maxFaults: 5,
  cooldownSeconds: 3600,
  maxAuthFailures: 10,
  maxAuthFailuresPerSource: 100,
  authFailureWindowSeconds: 600,
};

/** UpdateCatalog is the slice of the zone catalog the service reads and the editor swaps. */
export interface UpdateCatalog {
  get(origin: DnsName): Zone | undefined;
  swap(zone: Zone, change?: AppliedChange): void | Promise<void>;
  /** findZone gives the zone with the longest origin at or above a name (optional). */
  findZone?(qname: DnsName): Zone | undefined;
}

/** UpdateLogger is the slice of a logger the service uses (never given passwords). */
export interface UpdateLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** UpdateServiceDeps are what createUpdateService needs. */
export interface UpdateServiceDeps {
  readonly store: Store;
  readonly hosts: HostsStore;
  readonly secrets: ServerSecrets;
  /** The serving process's catalog; absent in a CLI process (the zone is then read from the store). */
  readonly catalog?: UpdateCatalog | undefined;
  /** Defaults to createZoneEditor({ store, catalog }). */
  readonly zoneEditor?: ZoneEditor | undefined;
  readonly clock?: Clock | undefined;
  readonly policy?: Partial<AbusePolicy> | undefined;
  readonly log?: UpdateLogger | undefined;
  /** defaultHostTtl is the TTL of a host created without one (hosts.default_ttl; default DEFAULT_HOST_TTL). */
  readonly defaultHostTtl?: number | undefined;
  /** observer is told about events worth a metric (abuse blocks). */
  readonly observer?: UpdateObserver | undefined;
}

/** UpdateObserver receives the update service's countable events; it must not throw. */
export interface UpdateObserver {
  /** hostBlocked: a host was blocked for too many nochg ('nochg') or error ('fault') answers. */
  hostBlocked(reason: 'nochg' | 'fault'): void;
}

/** UpdateRequest is one parsed /nic/update request (the route has already checked the User-Agent). */
export interface UpdateRequest {
  /** Basic credentials, or undefined when none were sent. */
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  readonly hostnames: HostnameList;
  readonly addresses: AddressParse;
  readonly offline: boolean;
  /** The client address (after the trusted-proxy rule), for history and rate limiting. */
  readonly sourceIp: string;
  readonly userAgent: string;
}

/**
 * UpdateResult: 'badauth' = request-level authentication failure (HTTP 401, given once), with why, for
 * the log only (the answer is the same); 'answers' = one answer per hostname in request order, or a
 * single request-level answer (notfqdn, badagent, 911).
 */
export type UpdateResult =
  | { readonly kind: 'badauth'; readonly reason: LoginRefusal }
  | { readonly kind: 'answers'; readonly answers: readonly UpdateAnswer[] };

/** UpdateService performs dyndns2 updates and, through HostAdmin, manages the hosts. */
export interface UpdateService extends HostAdmin {
  /** update authenticates and applies one request; it never throws (a server failure is answered `911`). */
  update(req: UpdateRequest): Promise<UpdateResult>;
  /** policy is the effective abuse policy. */
  readonly policy: AbusePolicy;
  /** setPolicy replaces the abuse thresholds from now on (SIGHUP); unset fields take the defaults. */
  setPolicy(policy: Partial<AbusePolicy>): void;
}

/** createUpdateService builds the update service over a store, the hosts store and (in a server) the catalog. */
export function createUpdateService(deps: UpdateServiceDeps): UpdateService {
  const { store, hosts, secrets, catalog, log } = deps;
  const editor = deps.zoneEditor ?? createZoneEditor({ store, catalog });
  const clock = deps.clock ?? { now: () => new Date() };
  let policy: AbusePolicy = { ...DEFAULT_ABUSE_POLICY, ...deps.policy };
  const locks = new KeyedMutex();
  const logins = createLoginLimiter({ hosts, secrets, log, policy: () => policy });

  async function loadZone(origin: DnsName): Promise<Zone> {
    const z = catalog?.get(origin);
    if (z) return z;
    return Zone.build(origin, await store.loadZoneRecords(origin));
  }

  async function zoneOf(host: HostRow): Promise<ZoneInfo | undefined> {
    // The served zone containing the owner is almost always the host's zone: one indexed read.
    const served = catalog?.findZone?.(host.owner);
    if (served) {
      const z = await store.getZone(served.origin);
      if (z && z.id === host.zoneId) return z;
    }
    return (await store.listZones()).find((z) => z.id === host.zoneId);
  }

  /** countAbuse records a nochg or fault for each host and blocks those over the threshold. */
  async function countAbuse(hostRows: readonly HostRow[], kind: 'nochg' | 'fault', now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
    const max = kind === 'nochg' ? policy.maxNochg : policy.maxFaults;
    for (const h of hostRows) {
      if (h.state === 'blocked' && !blockLapsed(h, now)) continue;
      const n = await hosts.recordAbuseEvent(h.id, kind, now, windowStart);
      if (n > max) {
        const until =
          policy.cooldownSeconds === null ? null : new Date(now.getTime() + policy.cooldownSeconds * 1000);
        await hosts.runInTransaction(
          hosts.updateHostWork(h.id, { state: 'blocked', blockedUntil: until }, now, {
            ...historyBase(h, now, undefined, undefined),
            newState: 'blocked',
            answer: `blocked: more than ${max} ${kind === 'nochg' ? 'nochg' : 'error'} answers within ${policy.windowSeconds} s`,
          }),
          hosts.clearAbuseEventsWork(h.id),
        );
        log?.warn({ host: h.owner.toString(), kind, count: n }, 'dynamic host blocked for abuse');
        deps.observer?.hostBlocked(kind);
      }
    }
  }

  function blockLapsed(h: HostRow, now: Date): boolean {
    return h.state === 'blocked' && h.blockedUntil !== null && h.blockedUntil.getTime() <= now.getTime();
  }

  function historyBase(
    h: HostRow,
    now: Date,
    sourceIp: string | undefined,
    userAgent: string | undefined,
  ): HistoryEntry {
    return {
      at: now,
      oldIpv4: h.ipv4,
      newIpv4: h.ipv4,
      oldIpv6: h.ipv6,
      newIpv6: h.ipv6,
      oldState: h.state,
      newState: h.state,
      sourceIp: sourceIp ?? null,
      userAgent: userAgent ?? null,
      answer: '',
    };
  }

  /** updateOne handles one hostname; all-or-nothing. Returns the answer and, for faults, who to count them against. */
  async function updateOne(
    name: DnsName,
    cred: CredentialRow,
    req: UpdateRequest,
    intent: Extract<AddressParse, { ok: true }>['intent'],
  ): Promise<{ answer: UpdateAnswer; countOn?: readonly HostRow[] | undefined }> {
    const now = clock.now();
    const host = await hosts.getHostByOwner(name);
    if (!host) return { answer: { kind: 'nohost' } };
    const zoneInfo = await zoneOf(host);
    if (!zoneInfo || zoneInfo.nsMode === 'custom') return { answer: { kind: 'nohost' } };
    if (host.credentialId !== cred.id) return { answer: { kind: 'badauth' } };
    if (host.state === 'blocked' && !blockLapsed(host, now)) return { answer: { kind: 'abuse' } };

    const wasBlocked = host.state === 'blocked';
    const servingBefore: HostState = wasBlocked ? 'online' : host.state;
    const next = nextAddresses(host.mode, host, intent);
    const nextState: HostState = req.offline ? 'offline' : 'online';
    const before = {
      owner: host.owner,
      ttl: host.ttl,
      ipv4: host.ipv4,
      ipv6: host.ipv6,
      state: servingBefore,
    };
    const after = { owner: host.owner, ttl: host.ttl, ipv4: next.ipv4, ipv6: next.ipv6, state: nextState };

    let zone = await loadZone(zoneInfo.name);
    const touches = {
      ipv4:
        before.ipv4 !== after.ipv4 ||
        (nextState !== servingBefore && after.ipv4 !== null) ||
        intent.ipv4 !== undefined,
      ipv6:
        before.ipv6 !== after.ipv6 ||
        (nextState !== servingBefore && after.ipv6 !== null) ||
        intent.ipv6 !== undefined,
    };
    let conflict = findConflict(zone, before, touches);
    if (conflict && catalog) {
      // The served snapshot may lag a change another process just committed (the change feed polls):
      // a conflict is only answered if the store, the truth, shows it too.
      zone = Zone.build(zoneInfo.name, await store.loadZoneRecords(zoneInfo.name));
      conflict = findConflict(zone, before, touches);
    }
    if (conflict) return { answer: { kind: 'conflict', rrtype: conflict }, countOn: [host] };

    const oldRecords = servedRecords(before);
    const newRecords = servedRecords(after);
    const rowSame = before.ipv4 === after.ipv4 && before.ipv6 === after.ipv6 && host.state === nextState;
    if (rowSame && zoneServesExactly(zone, host.owner, newRecords)) {
      const answer: UpdateAnswer = { kind: 'nochg', addresses: next.answered };
      await hosts.runInTransaction(hosts.updateHostWork(host.id, { countNochg: true }, now));
      await countAbuse([host], 'nochg', now);
      return { answer };
    }

    const answer: UpdateAnswer = { kind: 'good', addresses: next.answered };
    const patch: HostPatch = {
      ipv4: after.ipv4,
      ipv6: after.ipv6,
      state: nextState,
      ...(wasBlocked ? { blockedUntil: null } : {}),
      countUpdate: true,
      expect: { ipv4: host.ipv4, ipv6: host.ipv6, state: host.state },
    };
    const history: HistoryEntry = {
      at: now,
      oldIpv4: host.ipv4,
      newIpv4: after.ipv4,
      oldIpv6: host.ipv6,
      newIpv6: after.ipv6,
      oldState: host.state,
      newState: nextState,
      sourceIp: req.sourceIp,
      userAgent: req.userAgent.slice(0, 256),
      answer: formatAnswer(answer),
    };
    const work = hosts.updateHostWork(host.id, patch, now, history);
    const cs = { removed: oldRecords, added: newRecords };
    // Records, journal, host row and history commit together; the editor swaps the snapshot into the
    // catalog after the commit, so the answer below is only sent once DNS already serves the change.
    const result = await editor.apply(zoneInfo.name, cs, { extra: work });
    if (result === 'unchanged') {
      // The zone already matched (e.g. an offline host's stored address changed): the row alone changes.
      await hosts.runInTransaction(work, ...(wasBlocked ? [hosts.clearAbuseEventsWork(host.id)] : []));
    } else if (wasBlocked) {
      await hosts.runInTransaction(hosts.clearAbuseEventsWork(host.id));
    }
    // No line of its own: the HTTP layer logs one line per update request and the served zones one per
    // zone change (with the serial), which together say everything this one did.
    return { answer };
  }

  async function update(req: UpdateRequest): Promise<UpdateResult> {
    let login: LoginOutcome;
    try {
      login = await logins.authenticate(req.credentials, req.sourceIp, clock.now());
    } catch (e) {
      log?.error({ err: errText(e) }, 'update: store failure during authentication');
      return { kind: 'answers', answers: [{ kind: '911' }] };
    }
    if (!login.ok) return { kind: 'badauth', reason: login.reason };
    const cred = login.credential;

    const { hostnames, addresses } = req;
    if (hostnames.kind === 'missing') return { kind: 'answers', answers: [{ kind: 'notfqdn' }] };
    if (hostnames.kind === 'too-many' || !addresses.ok)
      return { kind: 'answers', answers: [{ kind: 'badagent' }] };

    let ownHosts: HostRow[] | undefined;
    const answers: UpdateAnswer[] = [];
    // A name repeated within one request is handled once: its later lines repeat the first answer and
    // count nothing, since a client that has not been answered yet has ignored no answer (SPEC §2.3).
    const seen = new Map<string, UpdateAnswer>();
    // Likewise a request's faults count at most once per host, whichever and however many of its names
    // caused them: six different unknown names in one request are one unanswered mistake, not six.
    const faulted = new Set<number>();
    for (const item of hostnames.items) {
      const key =
        item.kind === 'name' ? `name:${item.name.key}` : `invalid:${item.input.trim().toLowerCase()}`;
      const earlier = seen.get(key);
      if (earlier) {
        answers.push(earlier);
        continue;
      }
      let outcome: { answer: UpdateAnswer; countOn?: readonly HostRow[] | undefined };
      try {
        if (item.kind === 'invalid') {
          outcome = { answer: { kind: 'notfqdn' } };
        } else {
          const name = item.name;
          outcome = await locks.run(name.key, async () => {
            // Another process (the CLI) may change or delete the host between our read and our commit;
            // the commit then rolls back and the host is read again.
            for (let attempt = 0; ; attempt++) {
              try {
                return await updateOne(name, cred, req, addresses.intent);
              } catch (e) {
                if (!isStoreError(e, 'ERR_HOST_CHANGED') || attempt >= 3) throw e;
              }
            }
          });
        }
        if (isClientFault(outcome.answer)) {
          // A fault the client caused counts against the hosts of the login that made it (never against
          // someone else's host, which would let anyone block it).
          ownHosts ??= await hosts.hostsOfCredential(cred.id);
          const fresh = (outcome.countOn ?? ownHosts).filter((h) => !faulted.has(h.id));
          for (const h of fresh) faulted.add(h.id);
          if (fresh.length > 0) await countAbuse(fresh, 'fault', clock.now());
        }
      } catch (e) {
        outcome = { answer: failureAnswer(e, addresses.intent) };
        if (outcome.answer.kind === '911') {
          log?.error({ host: item.input.slice(0, 300), err: errText(e) }, 'update failed; nothing changed');
        }
      }
      seen.set(key, outcome.answer);
      answers.push(outcome.answer);
    }
    // A server failure before anything happened is a request-level error: given once.
    if (answers.every((a) => a.kind === '911')) return { kind: 'answers', answers: [{ kind: '911' }] };
    return { kind: 'answers', answers };
  }

  return {
    update,
    get policy() {
      return policy;
    },
    setPolicy(next) {
      policy = { ...DEFAULT_ABUSE_POLICY, ...next };
    },
    ...createHostAdmin({ ...deps, zoneEditor: editor, clock }, (key, task) => locks.run(key, task)),
  };
}

function failureAnswer(
  e: unknown,
  intent: { ipv4?: string | undefined; ipv6?: string | undefined },
): UpdateAnswer {
  // Data that the zone's checks refuse (e.g. a CNAME created meanwhile) is a conflict, not our failure;
  // an update naming only IPv6 conflicts on AAAA, anything else (offline=yes alone too) on A.
  if (e instanceof ZoneCheckError)
    return {
      kind: 'conflict',
      rrtype: intent.ipv6 !== undefined && intent.ipv4 === undefined ? 'AAAA' : 'A',
    };
  // The zone was deleted between the host's lookup and the commit: its hosts went with it.
  if (isStoreError(e, 'ERR_ZONE_NOT_FOUND')) return { kind: 'nohost' };
  return { kind: '911' };
}

function errText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** KeyedMutex runs tasks with the same key one after another (updates of one host never interleave). */
class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(key) ?? Promise.resolve();
    const mine = prev.then(task, task);
    const tail = mine.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

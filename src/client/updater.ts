// The update cycle (SPEC §5): per account, detect each family's address, compare it with what the provider
// last confirmed for each host (the cache), send one request for every host that needs the change, and
// obey each host's answer: good/nochg are recorded and nothing is sent again until the address changes;
// 911, 5xx, network errors and missing or unknown lines back off (backoff.ts); badauth, nohost, notfqdn,
// badagent, abuse and conflict stop the host until its configuration changes, logged as errors. Time and
// randomness come from the caller, so the whole decision table is testable without waiting.
import { describeUrl } from './http-get.js';
import { backoffDelay } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import type { AccountConfig, ClientConfig } from './config.js';
import { detectAddress, describeSource, type Detection } from './detect-address.js';
import { accountSecretDigest, hostFingerprint } from './fingerprint.js';
import { silentLog, type ClientLog } from './log.js';
import { buildUpdateUrl, sendUpdate } from './protocols/dyndns2.js';
import { STOP_EXPLANATIONS, type HostAnswer } from './protocols/dyndns2-answer.js';
import type { InterfaceSourceDeps } from './sources/interface.js';
import { EMPTY_HOST_STATE, readCache, writeCache, type CacheData, type HostState } from './state-file.js';
import type { AddressFamily } from './address-scope.js';

/**
 * HostStatus is where a host stands after a cycle: `updated` (good), `unchanged` (nochg), `current` (the
 * confirmed address is still right, nothing sent), `stopped` (a stop answer, now or earlier), `waiting` (in
 * back-off, nothing sent), `failed` (a temporary failure now; back-off starts), `undetected` (no address
 * to send for a configured family).
 */
export type HostStatus =
  'updated' | 'unchanged' | 'current' | 'stopped' | 'waiting' | 'failed' | 'undetected';

/** HostReport is one host's result of a cycle. */
export interface HostReport {
  readonly account: number;
  readonly server: string;
  readonly hostname: string;
  readonly status: HostStatus;
  readonly detail: string;
  /** the addresses the provider has confirmed for this host (after the cycle). */
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  /** for `waiting`/`failed`: the earliest time (ms) of the next attempt. */
  readonly retryAt?: number | undefined;
}

/** CycleReport is the result of one cycle over every account. */
export interface CycleReport {
  readonly hosts: readonly HostReport[];
  /** how many update requests were sent. */
  readonly requests: number;
  /** set when the cache could not be saved (the state is kept in memory). */
  readonly cacheError?: string | undefined;
}

/** isWantedState tells whether a status means "the provider has this host's current address". */
export function isWantedState(s: HostStatus): boolean {
  return s === 'updated' || s === 'unchanged' || s === 'current';
}

/** UpdaterOptions are the config and the injectable outside world. */
export interface UpdaterOptions {
  readonly config: ClientConfig;
  readonly clock?: Clock;
  /** random numbers in [0, 1) for back-off jitter. */
  readonly random?: () => number;
  readonly log?: ClientLog;
  readonly interfaces?: InterfaceSourceDeps;
  /** forget earlier stop answers once, as if every host's configuration had changed (`--retry-stopped`). */
  readonly retryStopped?: boolean;
}

interface HostSlot {
  readonly account: AccountConfig;
  readonly hostname: string;
  readonly key: string;
  readonly fingerprint: string;
}

const FAMILIES: readonly AddressFamily[] = ['ipv4', 'ipv6'];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** hostKey is the cache key of a host at a provider. */
export function hostKey(account: AccountConfig, hostname: string): string {
  return `${account.updateUrl.href} ${hostname}`;
}

/** Updater runs update cycles over a config and keeps the cache file. */
export class Updater {
  readonly #config: ClientConfig;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #log: ClientLog;
  readonly #interfaces: InterfaceSourceDeps | undefined;
  readonly #slots: readonly HostSlot[];
  #cache: CacheData;

  private constructor(o: UpdaterOptions, cache: CacheData) {
    this.#config = o.config;
    this.#clock = o.clock ?? systemClock;
    this.#random = o.random ?? Math.random;
    this.#log = o.log ?? silentLog;
    this.#interfaces = o.interfaces;
    this.#cache = cache;
    const slots: HostSlot[] = [];
    for (const account of o.config.accounts) {
      const digest = accountSecretDigest(account, cache.salt);
      for (const hostname of account.hostnames)
        slots.push({
          account,
          hostname,
          key: hostKey(account, hostname),
          fingerprint: hostFingerprint(account, hostname, digest),
        });
    }
    this.#slots = slots;
  }

  /**
   * open reads the cache and writes it back once before anything is sent: a client that could not record
   * answers would repeat them on every run (the nochg trap), so an unwritable cache fails here (ERR_CLIENT_CACHE).
   */
  static async open(o: UpdaterOptions): Promise<Updater> {
    const log = o.log ?? silentLog;
    for (const w of o.config.warnings) log.warn(w);
    const { data, discarded } = await readCache(o.config.cache);
    if (discarded)
      log.warn(`the cache file was not readable as a cache; moved it to ${discarded} and started afresh`);
    const u = new Updater(o, data);
    u.#reconcile(o.retryStopped ?? false);
    await writeCache(o.config.cache, u.#cache);
    return u;
  }

  /** hostState gives what the cache holds for a configured host (for status displays and tests). */
  hostState(hostname: string, account = 0): HostState {
    const slot = this.#slots.find((s) => s.hostname === hostname && s.account.index === account);
    return (slot && this.#cache.hosts[slot.key]) ?? EMPTY_HOST_STATE;
  }

  /** nextRetryAt gives the earliest back-off end among hosts, if any host is backing off. */
  nextRetryAt(): number | undefined {
    let next: number | undefined;
    for (const s of this.#slots) {
      const r = this.#cache.hosts[s.key]?.retry;
      if (!r) continue;
      const t = Date.parse(r.notBefore);
      if (next === undefined || t < next) next = t;
    }
    return next;
  }

  #get(slot: HostSlot): HostState {
    return this.#cache.hosts[slot.key] ?? EMPTY_HOST_STATE;
  }

  #set(slot: HostSlot, state: HostState): void {
    this.#cache = { ...this.#cache, hosts: { ...this.#cache.hosts, [slot.key]: state } };
  }

  // Stop states whose configuration changed since are lifted; the others are announced again once per run.
  #reconcile(retryStopped: boolean): void {
    for (const slot of this.#slots) {
      const st = this.#get(slot);
      if (!st.stopped) continue;
      if (retryStopped || st.stopped.fingerprint !== slot.fingerprint) {
        this.#log.info(
          retryStopped
            ? `trying again after the earlier "${st.stopped.line}" (--retry-stopped)`
            : `configuration changed since the provider answered "${st.stopped.line}"; trying again`,
          { host: slot.hostname },
        );
        this.#set(slot, { ...st, stopped: null, retry: null });
      } else {
        this.#log.error(
          `STOPPED since ${st.stopped.at}: the provider answered "${st.stopped.line}" (${stopExplanation(st.stopped.code)}). ` +
            'Not updating this host until its configuration changes.',
          { host: slot.hostname },
        );
      }
    }
  }

  /** runCycle checks every account once and sends what is needed; `signal` aborts requests in flight. */
  async runCycle(signal?: AbortSignal): Promise<CycleReport> {
    const reports: HostReport[] = [];
    let requests = 0;
    let cacheError: string | undefined;
    for (const account of this.#config.accounts) {
      const r = await this.#runAccount(account, signal);
      reports.push(...r.reports);
      requests += r.sent ? 1 : 0;
      if (r.changed) {
        try {
          await writeCache(this.#config.cache, this.#cache);
        } catch (e) {
          cacheError = (e as Error).message;
          this.#log.error(`${cacheError}; the state is kept in memory until it can be written`);
        }
      }
    }
    return { hosts: reports, requests, cacheError };
  }

  async #detect(account: AccountConfig, signal?: AbortSignal): Promise<Map<AddressFamily, Detection>> {
    const out = new Map<AddressFamily, Detection>();
    await Promise.all(
      FAMILIES.map(async (family) => {
        const source = account[family];
        if (!source) return;
        const d = await detectAddress(source, family, {
          allowPrivate: account.allowPrivate,
          ca: account.ca,
          timeoutMs: this.#config.timeout * 1000,
          signal,
          interfaces: this.#interfaces,
        });
        if (d.ok)
          this.#log.debug(`${family} address ${d.address} from ${describeSource(source)}`, {
            account: account.index,
          });
        out.set(family, d);
      }),
    );
    return out;
  }

  async #runAccount(
    account: AccountConfig,
    signal?: AbortSignal,
  ): Promise<{ reports: HostReport[]; sent: boolean; changed: boolean }> {
    const server = describeUrl(account.server);
    const slots = this.#slots.filter((s) => s.account === account);
    const detections = await this.#detect(account, signal);
    const failedFamilies = [...detections.values()].filter(
      (d): d is Extract<Detection, { ok: false }> => !d.ok,
    );
    for (const d of failedFamilies)
      this.#log.warn(`no ${d.family} address to send: ${d.reason}`, { account: account.index, server });
    const detected = (f: AddressFamily): string | undefined => {
      const d = detections.get(f);
      return d?.ok ? d.address : undefined;
    };
    const undetectedDetail = failedFamilies.map((d) => d.reason).join('; ');
    const now = this.#clock.now();
    const reports: HostReport[] = [];
    const report = (slot: HostSlot, status: HostStatus, detail: string, retryAt?: number): void => {
      const st = this.#get(slot);
      reports.push({
        account: account.index,
        server,
        hostname: slot.hostname,
        status,
        detail,
        ipv4: st.ipv4,
        ipv6: st.ipv6,
        retryAt,
      });
    };
    let changed = false;
    const due: HostSlot[] = [];
    for (const slot of slots) {
      const st = this.#get(slot);
      if (st.stopped) {
        report(slot, 'stopped', `stopped by "${st.stopped.line}" at ${st.stopped.at}`);
        continue;
      }
      const needs = FAMILIES.filter((f) => detected(f) !== undefined && detected(f) !== st[f]);
      if (needs.length === 0) {
        if (st.retry) {
          // The address is back to what the provider confirmed: the failed change is moot.
          this.#set(slot, { ...st, retry: null });
          changed = true;
        }
        if (failedFamilies.length > 0) report(slot, 'undetected', undetectedDetail);
        else {
          this.#log.debug(`unchanged (${[st.ipv4, st.ipv6].filter(Boolean).join(', ')}); nothing sent`, {
            host: slot.hostname,
          });
          report(slot, 'current', 'the provider has the current address; nothing sent');
        }
        continue;
      }
      if (st.retry && now < Date.parse(st.retry.notBefore)) {
        this.#log.debug(`backing off until ${st.retry.notBefore} after: ${st.retry.reason}`, {
          host: slot.hostname,
        });
        report(slot, 'waiting', `backing off after: ${st.retry.reason}`, Date.parse(st.retry.notBefore));
        continue;
      }
      due.push(slot);
    }
    if (due.length === 0) return { reports, sent: false, changed };

    const ipv4 = detected('ipv4');
    const ipv6 = detected('ipv6');
    const hostnames = due.map((s) => s.hostname);
    this.#log.debug(
      `GET ${describeUrl(buildUpdateUrl({ updateUrl: account.updateUrl, hostnames, ipv4, ipv6 }))}`,
      {
        account: account.index,
      },
    );
    const result = await sendUpdate({
      updateUrl: account.updateUrl,
      username: account.username,
      password: account.password,
      ca: account.ca,
      hostnames,
      ipv4,
      ipv6,
      timeoutMs: this.#config.timeout * 1000,
      signal,
    });
    const at = this.#clock.now();
    if (signal?.aborted) {
      // Stopped mid-request (SIGTERM): not the provider's failure, so no back-off; the next run tries again.
      for (const slot of due) report(slot, 'waiting', 'stopped before the answer arrived');
      return { reports, sent: true, changed };
    }
    due.forEach((slot, i) => {
      const answer = result.answers[i]!;
      this.#apply(slot, answer, { ipv4, ipv6 }, at);
      const st = this.#get(slot);
      const status: HostStatus =
        answer.kind === 'good'
          ? 'updated'
          : answer.kind === 'nochg'
            ? 'unchanged'
            : answer.kind === 'stop'
              ? 'stopped'
              : 'failed';
      const finalStatus = isWantedState(status) && failedFamilies.length > 0 ? 'undetected' : status;
      const detail = answer.kind === 'retry' ? answer.reason : answer.line;
      report(
        slot,
        finalStatus,
        finalStatus === 'undetected' ? `${detail}; ${undetectedDetail}` : detail,
        st.retry ? Date.parse(st.retry.notBefore) : undefined,
      );
    });
    return { reports, sent: true, changed: true };
  }

  #apply(
    slot: HostSlot,
    answer: HostAnswer,
    sent: { ipv4?: string | undefined; ipv6?: string | undefined },
    at: number,
  ): void {
    const st = this.#get(slot);
    const host = slot.hostname;
    const sentText = [sent.ipv4, sent.ipv6].filter(Boolean).join(',');
    switch (answer.kind) {
      case 'good':
      case 'nochg': {
        const next: HostState = {
          ...st,
          ipv4: sent.ipv4 ?? st.ipv4,
          ipv6: sent.ipv6 ?? st.ipv6,
          confirmedAt: iso(at),
          lastAnswer: answer.line,
          lastAttemptAt: iso(at),
          stopped: null,
          retry: null,
        };
        this.#set(slot, next);
        const reported = answer.addresses.join(',');
        if (answer.kind === 'good') this.#log.info(`updated to ${sentText} (${answer.line})`, { host });
        else
          this.#log.info(
            `the provider already had ${sentText} (${answer.line}); not sending again until the address changes`,
            { host },
          );
        if (reported && [sent.ipv4, sent.ipv6].some((a) => a !== undefined && !answer.addresses.includes(a)))
          this.#log.warn(`the provider reports ${reported} although ${sentText} was sent`, { host });
        return;
      }
      case 'stop': {
        this.#set(slot, {
          ...st,
          lastAnswer: answer.line,
          lastAttemptAt: iso(at),
          retry: null,
          stopped: { code: answer.code, line: answer.line, at: iso(at), fingerprint: slot.fingerprint },
        });
        this.#log.error(
          `STOPPED: the provider answered "${answer.line}" (${stopExplanation(answer.code)}). ` +
            'Not updating this host again until its configuration changes.',
          { host, answer: answer.code },
        );
        return;
      }
      case 'retry': {
        const failures = (st.retry?.failures ?? 0) + 1;
        const notBefore = at + backoffDelay(failures, this.#random, answer.minDelayMs);
        this.#set(slot, {
          ...st,
          lastAnswer: answer.line ?? null,
          lastAttemptAt: iso(at),
          retry: { failures, notBefore: iso(notBefore), reason: answer.reason },
        });
        this.#log.warn(
          `update failed: ${answer.reason}; next attempt not before ${iso(notBefore)} (failure ${failures})`,
          {
            host,
          },
        );
        return;
      }
    }
  }
}

function stopExplanation(code: string): string {
  return (STOP_EXPLANATIONS as Record<string, string | undefined>)[code] ?? 'the provider refused the update';
}

// Address detection for one family of one account (SPEC §5): asks the configured source for candidate
// addresses and keeps the first publishable one. Addresses of the wrong family, and unless `allow_private`
// those that are not globally reachable (private, shared, loopback, link-local, IPv4-mapped,
// documentation, reserved), are ignored with the reason given. A source failure is a result, not a throw,
// so one family's failure never stops the other family or the other accounts.
import { rootCertificates } from 'node:tls';
import { isPublishable, parseAddress, unwrapIPv4Mapped, type AddressFamily } from './address-scope.js';
import type { AddressSource } from './config.js';
import { ClientError } from './errors.js';
import { commandCandidates } from './sources/command.js';
import { interfaceCandidates, type InterfaceSourceDeps } from './sources/interface.js';
import { webCandidates } from './sources/web.js';

/** Detection is the outcome of detecting one family's address. */
export type Detection =
  | { readonly ok: true; readonly family: AddressFamily; readonly address: string }
  | { readonly ok: false; readonly family: AddressFamily; readonly reason: string };

/** DetectOptions are the account settings detection needs. */
export interface DetectOptions {
  readonly allowPrivate: boolean;
  /** the account's private CA (PEM); a checkip URL is trusted by it in addition to the system store. */
  readonly ca?: string | undefined;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly interfaces?: InterfaceSourceDeps;
}

/** describeSource names a source for logs ("web https://…/checkip", "interface eth0"). */
export function describeSource(s: AddressSource): string {
  switch (s.source) {
    case 'web':
      return `web ${s.url.href}`;
    case 'interface':
      return `interface ${s.interface}`;
    case 'command':
      return `command "${s.command}"`;
    case 'fixed':
      return `fixed ${s.address}`;
  }
}

async function candidates(s: AddressSource, family: AddressFamily, o: DetectOptions): Promise<string[]> {
  switch (s.source) {
    case 'web':
      return webCandidates({
        url: s.url,
        family,
        ca: o.ca !== undefined ? [...rootCertificates, o.ca].join('\n') : undefined,
        timeoutMs: o.timeoutMs,
        signal: o.signal,
      });
    case 'interface':
      return interfaceCandidates(s.interface, family, o.interfaces);
    case 'command':
      return commandCandidates({ command: s.command, timeoutMs: o.timeoutMs, signal: o.signal });
    case 'fixed':
      return [s.address];
  }
}

/** detectAddress gives the address `source` reports for `family`, or why there is none to publish. */
export async function detectAddress(
  source: AddressSource,
  family: AddressFamily,
  o: DetectOptions,
): Promise<Detection> {
  let found: string[];
  try {
    found = await candidates(source, family, o);
  } catch (e) {
    const reason = e instanceof ClientError ? e.message : `${describeSource(source)} failed: ${String(e)}`;
    return { ok: false, family, reason };
  }
  // A fixed address is used as given (SPEC §5); the config loader already checked its family.
  if (source.source === 'fixed') return { ok: true, family, address: found[0]! };
  const ignored: string[] = [];
  for (const text of found) {
    let p = parseAddress(text);
    if (!p) {
      if (source.source === 'web') ignored.push(`${JSON.stringify(text)} (not an address)`);
      continue;
    }
    if (family === 'ipv4' && p.scope === 'ipv4-mapped' && o.allowPrivate) p = unwrapIPv4Mapped(p) ?? p;
    if (isPublishable(p, family, o.allowPrivate)) return { ok: true, family, address: p.address };
    if (p.family === family || p.scope === 'ipv4-mapped') ignored.push(`${p.address} (${p.scope})`);
    else ignored.push(`${p.address} (not ${family === 'ipv4' ? 'IPv4' : 'IPv6'})`);
  }
  const what = family === 'ipv4' ? 'IPv4' : 'IPv6';
  const hint =
    ignored.some((i) => !i.includes('not ')) && !o.allowPrivate ? '; set allow_private: true to use it' : '';
  const reason =
    ignored.length > 0
      ? `${describeSource(source)} gave no publishable ${what} address: ignored ${ignored.join(', ')}${hint}`
      : `${describeSource(source)} has no ${what} address`;
  return { ok: false, family, reason };
}

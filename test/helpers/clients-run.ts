// Runs the real third-party dyndns2 clients once, in the foreground, inside a network namespace:
// Debian's ddclient 3.10 (protocol dyndns2 or googledomains) and inadyn 2.10 (a `custom` section or the
// built-in `default@domains.google.com` provider). Writes their configuration (mode 0600) and cache into a
// temp directory and reports exit code, output and what the client recorded in its cache, because neither
// exit code alone tells success (ddclient exits 0 on HTTP 403/404/5xx; inadyn exits 0 on TLS failures).
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Netns } from './clients-netns.js';
import type { RunResult } from './clients-process.js';

/** Login is a dyndns2 username/password pair. */
export interface Login {
  readonly username: string;
  readonly password: string;
}

/** DdclientOptions describe one ddclient run. `server` must contain a dot (ddclient's FQDN check). */
export interface DdclientOptions {
  readonly protocol: 'dyndns2' | 'googledomains';
  readonly dir: string;
  readonly caFile: string;
  /** server as HOST:PORT, e.g. 127.0.0.1:8443 or ddns6.test:8443 (never "localhost" or "[::1]"). */
  readonly server: string;
  readonly login: Login;
  /** hostnames to update (several = one request for dyndns2). */
  readonly hostnames: readonly string[];
  /** ip: a fixed address (use=ip); otherwise discovery with use=web against `checkipUrl`. */
  readonly ip?: string;
  readonly checkipUrl?: string;
  readonly timeoutMs?: number;
}

/** DdclientResult is one ddclient run plus its cache entries (`status=`, `ip=` per host). */
export interface DdclientResult extends RunResult {
  readonly cache: ReadonlyMap<
    string,
    { readonly status: string | undefined; readonly ip: string | undefined }
  >;
  readonly config: string;
}

/** ddclientConfig renders a ddclient.conf for `o` (ssl=yes is global: dyndns2 reads $globals{ssl}). */
export function ddclientConfig(o: DdclientOptions): string {
  if (!/[^.]\.[^.]/.test(o.server.replace(/:\d+$/, ''))) {
    throw new Error(
      `ddclient server "${o.server}" has no dot: ddclient would fall back to members.dyndns.org`,
    );
  }
  const use =
    o.ip !== undefined
      ? `use=ip, ip=${o.ip}`
      : `use=web, web=${o.checkipUrl ?? `https://${o.server}/checkip`}`;
  return [
    'ssl=yes',
    `ssl_ca_file=${o.caFile}`,
    use,
    `protocol=${o.protocol}`,
    `server=${o.server}`,
    `login=${o.login.username}`,
    `password='${o.login.password}'`,
    o.hostnames.join(','),
    '',
  ].join('\n');
}

function parseDdclientCache(text: string): DdclientResult['cache'] {
  const out = new Map<string, { status: string | undefined; ip: string | undefined }>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\S+)$/.exec(line.trim());
    if (!m || line.startsWith('#')) continue;
    const fields = new Map(m[1]!.split(',').map((kv) => kv.split('=') as [string, string]));
    out.set(m[2]!, { status: fields.get('status'), ip: fields.get('ip') });
  }
  return out;
}

/** runDdclient writes the config and runs `ddclient -daemon=0 -foreground` once inside `netns`. */
export async function runDdclient(netns: Netns, o: DdclientOptions): Promise<DdclientResult> {
  await mkdir(o.dir, { recursive: true });
  const conf = join(o.dir, `ddclient-${o.protocol}.conf`);
  const cacheFile = join(o.dir, `ddclient-${o.protocol}.cache`);
  const config = ddclientConfig(o);
  await writeFile(conf, config, { mode: 0o600 });
  await chmod(conf, 0o600);
  const r = await netns.run(
    'ddclient',
    ['-daemon=0', '-foreground', '-verbose', '-noquiet', '-force', '-file', conf, '-cache', cacheFile],
    { timeoutMs: o.timeoutMs ?? 60_000 },
  );
  const cacheText = await readFile(cacheFile, 'utf8').catch(() => '');
  return { ...r, cache: parseDdclientCache(cacheText), config };
}

/** InadynOptions describe one inadyn run. */
export interface InadynOptions {
  readonly dir: string;
  readonly caFile: string;
  /** custom: a `custom` section aimed at `server` (HOST:PORT, a name for IPv6); google: the built-in provider. */
  readonly provider: { readonly kind: 'custom'; readonly server: string } | { readonly kind: 'google' };
  readonly login: Login;
  readonly hostname: string;
  /** ip: a fixed address (checkip-command "echo IP"); otherwise /checkip on the same server. */
  readonly ip?: string;
  readonly timeoutMs?: number;
}

/** InadynResult is one inadyn run plus the address its cache file holds ("0.0.0.0" = never updated). */
export interface InadynResult extends RunResult {
  readonly cachedIp: string | undefined;
  readonly config: string;
}

/** inadynConfig renders an inadyn.conf for `o`; the test CA replaces the system store (ca-trust-file). */
export function inadynConfig(o: InadynOptions): string {
  const body = [`    username = ${o.login.username}`, `    password = ${o.login.password}`];
  if (o.ip !== undefined) body.push(`    checkip-command = "echo ${o.ip}"`);
  if (o.provider.kind === 'custom') {
    const s = o.provider.server;
    if (o.ip === undefined)
      body.push(`    checkip-server = ${s}`, '    checkip-path = /checkip', '    checkip-ssl = true');
    body.push(
      '    ssl = true',
      `    ddns-server = ${s}`,
      '    ddns-path = "/nic/update?hostname=%h&myip=%i"',
    );
  }
  body.push(`    hostname = ${o.hostname}`);
  const head = o.provider.kind === 'custom' ? 'custom test {' : 'provider default@domains.google.com {';
  return [
    // loopback and documentation addresses are "not valid Internet addresses" to inadyn unless this is off
    'verify-address = false',
    'allow-ipv6 = true',
    `ca-trust-file = ${o.caFile}`,
    head,
    ...body,
    '}',
    '',
  ].join('\n');
}

/** runInadyn writes the config, seeds the cache and runs `inadyn -1 --foreground` once inside `netns`. */
export async function runInadyn(netns: Netns, o: InadynOptions): Promise<InadynResult> {
  const cacheDir = join(o.dir, 'inadyn-cache');
  await mkdir(cacheDir, { recursive: true }); // inadyn -1 never creates it (and then silently keeps no cache)
  const conf = join(o.dir, `inadyn-${o.provider.kind}.conf`);
  const config = inadynConfig(o);
  await writeFile(conf, config, { mode: 0o600 });
  // Without a cache file inadyn first resolves the hostname to guess the current address; seed "never set".
  const cacheFile = join(cacheDir, `${o.hostname}.cache`);
  await writeFile(cacheFile, '0.0.0.0');
  // -1 is not "one attempt": after a temporary error inadyn sleeps 600 s, so the hard time limit matters.
  const r = await netns.run(
    'inadyn',
    ['-1', '--foreground', '-l', 'debug', '-f', conf, '--cache-dir', cacheDir],
    {
      timeoutMs: o.timeoutMs ?? 60_000,
    },
  );
  const cached = (await readFile(cacheFile, 'utf8').catch(() => '')).trim();
  return { ...r, cachedIp: cached === '' ? undefined : cached, config };
}

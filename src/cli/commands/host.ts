// `dynzone host add|list|show|delete|unblock|credentials` (SPEC §6): dynamic hosts. The use cases live in
// ddns/host-admin.ts (credentials, records through the zone editor, host row in the same transaction);
// this file parses arguments, opens the data directory's store and server key, and prints results.
import type { Command } from 'commander';
import { openStoreWithHosts } from '../../store/hosts-store.js';
import { loadOrCreateServerSecrets } from '../../ddns/credentials.js';
import {
  createHostAdmin,
  type HostAdmin,
  type HostCredentials,
  type HostInfo,
} from '../../ddns/host-admin.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import {
  addCommonOptions,
  openCliStorage,
  printJson,
  printLine,
  printNote,
  type CommonOptions,
} from '../context.js';
import { cliConfig } from '../cli-config.js';
import { parseEmail, parseTtlOption } from '../input.js';
import type { HostMode } from '../../store/hosts-store.js';
import type { AccountId } from '../../store/store.js';

type JsonOption = CommonOptions & { json?: boolean };

/** withHostAdmin opens the store and the server key in the data directory and runs `fn` with a HostAdmin. */
async function withHostAdmin<T>(
  opts: CommonOptions,
  fn: (admin: HostAdmin, ctx: { ownerId: (email: string) => Promise<AccountId> }) => Promise<T>,
): Promise<T> {
  const storage = openCliStorage(opts);
  const { store, hosts } = openStoreWithHosts(storage.db);
  try {
    await store.migrate();
    // The key that seals host passwords lives in the data directory, outside the database (SPEC §8).
    const secrets = loadOrCreateServerSecrets(storage.dataDir);
    const ownerId = async (email: string): Promise<AccountId> => {
      const account = await store.getAccountByEmail(parseEmail(email));
      if (!account)
        throw new CliError(
          `no account with email ${email} (create it with "dynzone user add")`,
          ExitCode.NOT_FOUND,
        );
      return account.id;
    };
    const defaultHostTtl = cliConfig(opts).config.hosts.defaultTtl;
    return await fn(createHostAdmin({ store, hosts, secrets, defaultHostTtl }), { ownerId });
  } finally {
    await store.close();
  }
}

function printCredentials(c: HostCredentials, json: boolean | undefined): void {
  if (json) {
    printJson({ hostname: c.hostname, username: c.username, password: c.password });
    return;
  }
  printLine(`hostname: ${c.hostname}`);
  printLine(`username: ${c.username}`);
  printLine(`password: ${c.password}`);
}

function printHostText(h: HostInfo): void {
  const rows: Array<[string, string]> = [
    ['hostname', h.hostname],
    ['zone', h.zone],
    ['username', h.username],
    ['state', h.state + (h.blockedUntil ? ` (until ${h.blockedUntil})` : '')],
    ['mode', h.mode],
    ['ttl', String(h.ttl)],
    ['ipv4', h.ipv4 ?? '-'],
    ['ipv6', h.ipv6 ?? '-'],
    ['updates', `${h.updates} (nochg ${h.nochg})`],
    ['last update', h.lastUpdateAt ?? '-'],
    ['created', h.createdAt],
  ];
  for (const [k, v] of rows) printLine(`${(k + ':').padEnd(13)}${v}`);
}

function parseMode(text: string | undefined): HostMode | undefined {
  if (text === undefined) return undefined;
  if (text !== 'dual' && text !== 'single')
    throw new CliError(`--mode must be "dual" or "single", not "${text}"`);
  return text;
}

async function hostAdd(
  fqdn: string,
  opts: JsonOption & { owner?: string; mode?: string; ttl?: string; sameLoginAs?: string },
): Promise<void> {
  const mode = parseMode(opts.mode);
  const ttl = opts.ttl !== undefined ? parseTtlOption(opts.ttl) : undefined;
  const credentials = opts.sameLoginAs !== undefined ? { shareWith: opts.sameLoginAs } : undefined;
  const creds = await withHostAdmin(opts, async (admin, { ownerId }) => {
    const ownerAccountId = opts.owner !== undefined ? await ownerId(opts.owner) : null;
    return admin.createHost(fqdn, { ownerAccountId, mode, ttl, credentials });
  });
  printCredentials(creds, opts.json);
  if (!opts.json) printNote('the password is also available later with "dynzone host credentials FQDN"');
}

async function hostList(filter: string | undefined, opts: JsonOption): Promise<void> {
  const all = await withHostAdmin(opts, (admin) => admin.listHosts());
  const suffix = filter?.toLowerCase().replace(/\.$/, '');
  const selected =
    suffix === undefined
      ? all
      : all.filter((h) => h.hostname === suffix || h.hostname.endsWith('.' + suffix));
  if (opts.json) {
    printJson(selected);
    return;
  }
  if (selected.length === 0) {
    printNote('no dynamic hosts (create one with "dynzone host add FQDN")');
    return;
  }
  const table = [
    ['HOSTNAME', 'STATE', 'IPV4', 'IPV6', 'TTL', 'MODE', 'USERNAME'],
    ...selected.map((h) => [
      h.hostname,
      h.state,
      h.ipv4 ?? '-',
      h.ipv6 ?? '-',
      String(h.ttl),
      h.mode,
      h.username,
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table)
    printLine(row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}

async function hostShow(fqdn: string, opts: JsonOption & { history?: string }): Promise<void> {
  const limit = opts.history !== undefined ? Number(opts.history) : 20;
  if (!Number.isInteger(limit) || limit < 0 || limit > 10000)
    throw new CliError('--history must be a whole number from 0 to 10000');
  const details = await withHostAdmin(opts, (admin) => admin.getHost(fqdn, limit));
  if (opts.json) {
    printJson(details);
    return;
  }
  printHostText(details);
  if (details.history.length > 0) {
    printLine('history:');
    for (const e of details.history) {
      const v4 = e.oldIpv4 !== e.newIpv4 ? ` ipv4 ${e.oldIpv4 ?? '-'} -> ${e.newIpv4 ?? '-'}` : '';
      const v6 = e.oldIpv6 !== e.newIpv6 ? ` ipv6 ${e.oldIpv6 ?? '-'} -> ${e.newIpv6 ?? '-'}` : '';
      const st = e.oldState !== e.newState ? ` state ${e.oldState ?? '-'} -> ${e.newState ?? '-'}` : '';
      const from = e.sourceIp ? ` from ${e.sourceIp}` : '';
      printLine(`  ${new Date(e.at).toISOString()} ${e.answer}${v4}${v6}${st}${from}`);
    }
  }
}

async function hostDelete(fqdn: string, opts: JsonOption): Promise<void> {
  await withHostAdmin(opts, (admin) => admin.deleteHost(fqdn));
  if (opts.json) printJson({ hostname: fqdn.toLowerCase().replace(/\.$/, ''), deleted: true });
  else printLine(`deleted host ${fqdn}`);
}

async function hostUnblock(fqdn: string, opts: JsonOption): Promise<void> {
  const info = await withHostAdmin(opts, (admin) => admin.unblockHost(fqdn));
  if (opts.json) printJson(info);
  else printLine(`host ${info.hostname} is ${info.state}`);
}

async function hostCredentials(fqdn: string, opts: JsonOption & { regenerate?: boolean }): Promise<void> {
  const creds = await withHostAdmin(opts, (admin) =>
    opts.regenerate ? admin.regenerateCredentials(fqdn) : admin.viewCredentials(fqdn),
  );
  printCredentials(creds, opts.json);
}

/** registerHostCommands adds the `host` command group. */
export function registerHostCommands(program: Command): void {
  const host = program.command('host').description('manage dynamic DNS hosts');

  addCommonOptions(
    host
      .command('add <fqdn>')
      .description('create a dynamic host and print its generated username and password'),
  )
    .option('--owner <email>', 'account that owns the host')
    .option('--mode <mode>', 'dual (A and AAAA) or single (one address family per update)')
    .option('--ttl <seconds>', "TTL of the host's records (30..86400, default 60)")
    .option(
      '--same-login-as <fqdn>',
      "use that host's username and password instead of new ones (one client updating several names in one request)",
    )
    .option('--json', 'print JSON: {hostname, username, password}')
    .action(
      (
        fqdn: string,
        opts: JsonOption & { owner?: string; mode?: string; ttl?: string; sameLoginAs?: string },
      ) => hostAdd(fqdn, opts),
    );

  addCommonOptions(
    host.command('list [name]').description('list dynamic hosts, optionally only those at or below NAME'),
  )
    .option('--json', 'print JSON: [{hostname, zone, username, mode, ttl, ipv4, ipv6, state, ...}]')
    .action((name: string | undefined, opts: JsonOption) => hostList(name, opts));

  addCommonOptions(
    host.command('show <fqdn>').description('show a dynamic host and its recent update history'),
  )
    .option('--history <n>', 'number of history entries (default 20)')
    .option('--json', 'print JSON: the host fields plus "history"')
    .action((fqdn: string, opts: JsonOption & { history?: string }) => hostShow(fqdn, opts));

  addCommonOptions(host.command('delete <fqdn>').description('delete a dynamic host and its address records'))
    .option('--json', 'print JSON: {hostname, deleted}')
    .action((fqdn: string, opts: JsonOption) => hostDelete(fqdn, opts));

  addCommonOptions(
    host
      .command('unblock <fqdn>')
      .description(
        'lift an abuse block so the host accepts updates again (while blocked it still serves its last address)',
      ),
  )
    .option('--json', 'print JSON: the host fields')
    .action((fqdn: string, opts: JsonOption) => hostUnblock(fqdn, opts));

  addCommonOptions(host.command('credentials <fqdn>').description("print the host's username and password"))
    .option('--regenerate', 'replace them with a new generated username and password first')
    .option('--json', 'print JSON: {hostname, username, password}')
    .action((fqdn: string, opts: JsonOption & { regenerate?: boolean }) => hostCredentials(fqdn, opts));
}

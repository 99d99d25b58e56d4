// `dynzone zone add|import|export|list|delete` (SPEC §6): whole-zone administration. Creating and deleting
// a zone goes straight to the store, whose journal tells running servers; record edits are record.ts.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { DnsName } from '../../dns/name.js';
import { RRType, typeToString } from '../../dns/constants.js';
import { parseZoneText } from '../../dns/zonefile/parser.js';
import { printZone } from '../../dns/zonefile/printer.js';
import { Zone } from '../../zone/zone.js';
import { isPresenceMarker, publishedRecords } from '../../zone/presence-marker.js';
import { ZoneCheckError } from '../../zone/errors.js';
import type { ZoneProblem } from '../../zone/checks.js';
import { indexRecordLines } from '../import-lines.js';
import type { Store, AccountId } from '../../store/store.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import {
  addCommonOptions,
  openCliStorage,
  printJson,
  printLine,
  printNote,
  withStore,
  type CommonOptions,
} from '../context.js';
import { checkHostableZoneName, parseEmail, parseNewZoneName, parseNsName, parseZoneName } from '../input.js';
import { createZoneAdmin } from '../../ddns/zone-admin.js';
import { openStoreWithHosts } from '../../store/hosts-store.js';
import { cliConfig } from '../cli-config.js';

async function resolveOwner(store: Store, email: string | undefined): Promise<AccountId | null> {
  if (email === undefined) return null;
  const account = await store.getAccountByEmail(parseEmail(email));
  if (!account)
    throw new CliError(
      `no account with email ${email} (create it with "dynzone user add")`,
      ExitCode.NOT_FOUND,
    );
  return account.id;
}

async function requireZone(store: Store, name: DnsName): Promise<void> {
  if (!(await store.getZone(name)))
    throw new CliError(`zone ${name.toString()} does not exist`, ExitCode.NOT_FOUND);
}

async function zoneAdd(
  nameText: string,
  opts: CommonOptions & { owner?: string; ns?: string[] },
): Promise<void> {
  // Validate before opening the store, so a typo never creates a data directory.
  const origin = parseNewZoneName(nameText);
  // Without --ns, the operator's zones.default_ns (and without those, ns1.<zone>).
  const nsTexts = opts.ns ?? cliConfig(opts).config.zones.defaultNs;
  nsTexts.forEach(parseNsName);
  const { nameServers } = await withStore(opts, async (store) => {
    const ownerAccountId = await resolveOwner(store, opts.owner);
    return createZoneAdmin({ store }).createZone(nameText, { ownerAccountId, nameServers: nsTexts });
  });
  printLine(`created zone ${origin.toString()}`);
  for (const ns of nameServers) {
    if (ns.isSubdomainOf(origin)) {
      printNote(
        `name server ${ns.toString()} is inside the zone: add its address (glue), e.g. ` +
          `"dynzone record add ${origin.toString()} ${ns.toRelativeString(origin)} A 192.0.2.53", ` +
          `or use --ns with a name server outside the zone`,
      );
    }
  }
}

async function zoneImport(
  file: string,
  opts: CommonOptions & { origin?: string; owner?: string },
): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read ${file}: ${(e as Error).message}`,
      code === 'ENOENT' ? ExitCode.NOT_FOUND : ExitCode.USAGE,
    );
  }
  const requested = opts.origin !== undefined ? parseZoneName(opts.origin) : undefined;
  const parsed = parseZoneText(text, { origin: requested, fileName: file });
  const origin = parsed.origin.toLowerCase();
  if (origin.isRoot) throw new CliError(`${file}: the root zone cannot be hosted`);
  checkHostableZoneName(origin);
  for (const w of parsed.warnings) printNote(w);
  const lines = indexRecordLines(text, parsed.records);
  const where = (p: ZoneProblem): string => {
    const line = lines?.lineOf(p.owner, p.type);
    return line !== undefined ? `${file}:${line}` : file;
  };
  // An offline host's presence marker is internal state, not zone data (an export of an older version
  // carried it): without the host it would keep a name in existence with nothing in it.
  const records = publishedRecords(parsed.records);
  for (const rr of parsed.records) {
    if (!isPresenceMarker(rr.type)) continue;
    const line = lines?.lineOf(rr.owner, rr.type);
    printNote(
      `${line !== undefined ? `${file}:${line}` : file}: ${rr.owner.toString()} ${typeToString(rr.type)} is Dynzone's private offline-host marker, not zone data; left out`,
    );
  }
  let warnings: ZoneProblem[];
  try {
    warnings = Zone.buildReport(origin, records).warnings;
  } catch (e) {
    if (!(e instanceof ZoneCheckError)) throw e;
    const errors = e.problems.filter((p) => p.severity === 'error');
    const first = errors.slice(0, 5).map((p) => `${where(p)}: ${p.message.replace(/\.$/, '')}`);
    const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
    throw new CliError(
      `${errors.length === 1 ? '' : `${errors.length} problems: `}${first.join('; ')}${more}`,
    );
  }
  for (const w of warnings) printNote(`${where(w)}: ${w.message}`);
  if (!records.some((r) => r.type === RRType.SOA))
    throw new CliError(`${file}: no SOA record for ${origin.toString()}`);
  await withStore(opts, async (store) => {
    const ownerAccountId = await resolveOwner(store, opts.owner);
    await store.createZone(origin, records, { ownerAccountId });
  });
  printLine(`imported zone ${origin.toString()} (${records.length} records)`);
}

async function zoneExport(nameText: string, opts: CommonOptions): Promise<void> {
  const origin = parseZoneName(nameText);
  const records = await withStore(opts, async (store) => {
    await requireZone(store, origin);
    return store.loadZoneRecords(origin);
  });
  // The zone as published: the presence markers of offline hosts are internal (SPEC §2.5).
  process.stdout.write(printZone(origin, publishedRecords(records)));
}

async function zoneList(opts: CommonOptions & { json?: boolean }): Promise<void> {
  const rows = await withStore(opts, async (store) => {
    const out = [];
    for (const z of await store.listZoneSummaries()) {
      const owner =
        z.ownerAccountId === null ? null : ((await store.getAccountById(z.ownerAccountId))?.email ?? null);
      out.push({
        name: z.name.toString(),
        serial: z.serial,
        records: z.recordCount,
        nsMode: z.nsMode,
        owner,
      });
    }
    return out;
  });
  if (opts.json) {
    printJson(rows);
    return;
  }
  if (rows.length === 0) {
    printNote('no zones yet (create one with "dynzone zone add NAME")');
    return;
  }
  const table = [
    ['NAME', 'SERIAL', 'RECORDS', 'NS-MODE', 'OWNER'],
    ...rows.map((r) => [r.name, String(r.serial ?? '-'), String(r.records), r.nsMode, r.owner ?? '-']),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table)
    printLine(row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}

async function zoneDelete(nameText: string, opts: CommonOptions): Promise<void> {
  const origin = parseZoneName(nameText);
  const { store, hosts } = openStoreWithHosts(openCliStorage(opts).db);
  try {
    await store.migrate();
    const info = await store.getZone(origin);
    if (!info) throw new CliError(`zone ${origin.toString()} does not exist`, ExitCode.NOT_FOUND);
    // The same use case as the console: the zone's dynamic hosts and their logins go in the same commit.
    await createZoneAdmin({ store, hosts }).deleteZone(info);
  } finally {
    await store.close();
  }
  printLine(`deleted zone ${origin.toString()}`);
}

/** registerZoneCommands adds the `zone` command group. */
export function registerZoneCommands(program: Command): void {
  const zone = program.command('zone').description('manage hosted zones');

  addCommonOptions(zone.command('add <name>').description('create a zone with an SOA and NS records'))
    .option('--owner <email>', 'account that owns the zone')
    .option('--ns <name...>', 'name server host name(s) (repeatable; default ns1.<zone>)')
    .action((name: string, opts: CommonOptions & { owner?: string; ns?: string[] }) => zoneAdd(name, opts));

  addCommonOptions(zone.command('import <file>').description('create a zone from an RFC 1035 master file'))
    .option('--origin <name>', "zone origin (default: the file's $ORIGIN or SOA owner)")
    .option('--owner <email>', 'account that owns the zone')
    .action((file: string, opts: CommonOptions & { origin?: string; owner?: string }) =>
      zoneImport(file, opts),
    );

  addCommonOptions(
    zone
      .command('export <name>')
      .description(
        "print a zone's records as a master file on stdout (not its dynamic hosts' logins or state)",
      ),
  ).action((name: string, opts: CommonOptions) => zoneExport(name, opts));

  addCommonOptions(zone.command('list').description('list hosted zones'))
    .option('--json', 'print JSON: [{name, serial, records, nsMode, owner}]')
    .action((opts: CommonOptions & { json?: boolean }) => zoneList(opts));

  addCommonOptions(
    zone.command('delete <name>').description('delete a zone with all its records and its dynamic hosts'),
  ).action((name: string, opts: CommonOptions) => zoneDelete(name, opts));
}

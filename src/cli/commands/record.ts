// `dynzone record add|list|delete` (SPEC §6): resource records of a hosted zone. The use cases live in
// ddns/record-admin.ts (every change through the zone editor: checks, serial bump, journal; a dynamic
// host's addresses are left to `dynzone host ...`); this file only parses arguments and prints results.
import type { Command } from 'commander';
import { typeToString } from '../../dns/constants.js';
import type { ResourceRecord } from '../../dns/record.js';
import { formatRdata, formatRecord } from '../../dns/zonefile/rdata-text.js';
import { RRType } from '../../dns/constants.js';
import {
  createRecordAdmin,
  DEFAULT_RECORD_TTL,
  type RecordAdmin,
  type RecordFilter,
} from '../../ddns/record-admin.js';
import { openStoreWithHosts } from '../../store/hosts-store.js';
import { CliError } from '../cli-error.js';
import {
  addCommonOptions,
  printJson,
  printLine,
  openCliStorage,
  printNote,
  type CommonOptions,
} from '../context.js';
import {
  parseOwner,
  parseRecordType,
  parseRecordTypeFilter,
  parseTtlOption,
  parseValue,
  parseZoneName,
} from '../input.js';

function parseFilter(
  zoneText: string,
  ownerText?: string,
  typeText?: string,
  valueText?: string,
): RecordFilter & { zone: ReturnType<typeof parseZoneName> } {
  const zone = parseZoneName(zoneText);
  const owner = ownerText !== undefined ? parseOwner(ownerText, zone) : undefined;
  const type = typeText !== undefined ? parseRecordTypeFilter(typeText) : undefined;
  if (valueText !== undefined && type !== undefined) parseValue(type, valueText, zone); // validate early
  return { zone, owner, type, value: valueText };
}

/** HOST_COMMANDS is how record refusals at a dynamic host's name point to the host commands. */
const HOST_COMMANDS = '"dynzone host ..."';

/** withRecordAdmin opens and migrates the configured store and runs `fn` with the record use cases. */
async function withRecordAdmin<T>(opts: CommonOptions, fn: (admin: RecordAdmin) => Promise<T>): Promise<T> {
  const { store, hosts } = openStoreWithHosts(openCliStorage(opts).db);
  try {
    await store.migrate();
    return await fn(createRecordAdmin({ store, hosts, manageHostsWith: HOST_COMMANDS }));
  } finally {
    await store.close();
  }
}

function describe(rr: ResourceRecord): string {
  return formatRecord(rr);
}

async function recordAdd(
  zoneText: string,
  ownerText: string,
  typeText: string,
  valueText: string,
  opts: CommonOptions & { ttl?: string },
): Promise<void> {
  // Validate every argument before the data directory is opened.
  const zone = parseZoneName(zoneText);
  parseOwner(ownerText, zone);
  const type = parseRecordType(typeText);
  parseValue(type, valueText, zone);
  const ttl = opts.ttl !== undefined ? parseTtlOption(opts.ttl) : undefined;
  const { serial, added } = await withRecordAdmin(opts, (admin) =>
    admin.addRecord(zone, { owner: ownerText, type: typeText, value: valueText, ttl }),
  );
  const text = describe(added!);
  if (serial === 'unchanged') printNote(`${text} is already in the zone; nothing changed`);
  else printLine(`added ${text} (serial ${serial})`);
}

async function recordList(
  zoneText: string,
  ownerText: string | undefined,
  typeText: string | undefined,
  valueText: string | undefined,
  opts: CommonOptions & { json?: boolean },
): Promise<void> {
  const filter = parseFilter(zoneText, ownerText, typeText, valueText);
  const selected = await withRecordAdmin(opts, (admin) => admin.matchRecords(filter.zone, filter));
  if (opts.json) {
    printJson(
      selected.map((rr) => ({
        owner: rr.owner.toString(),
        type: typeToString(rr.type),
        ttl: rr.ttl,
        rdata: formatRdata(rr.type, rr.rdata),
      })),
    );
    return;
  }
  for (const rr of selected) printLine(describe(rr));
}

async function recordDelete(
  zoneText: string,
  ownerText: string,
  typeText: string | undefined,
  valueText: string | undefined,
  opts: CommonOptions,
): Promise<void> {
  const filter = parseFilter(zoneText, ownerText, typeText, valueText);
  if (filter.type === RRType.SOA) {
    throw new CliError(
      'the SOA record cannot be deleted (it is maintained by dynzone; delete the whole zone with "dynzone zone delete")',
    );
  }
  const { serial, removed } = await withRecordAdmin(opts, (admin) =>
    admin.deleteMatching(filter.zone, { ...filter, owner: filter.owner! }),
  );
  if (serial === 'unchanged') {
    printNote('nothing changed');
    return;
  }
  for (const rr of removed ?? []) printLine(`deleted ${describe(rr)}`);
  printLine(`zone ${filter.zone.toString()} is now at serial ${serial}`);
}

/** registerRecordCommands adds the `record` command group. */
export function registerRecordCommands(program: Command): void {
  const record = program.command('record').description('manage resource records of a zone');

  addCommonOptions(
    record
      .command('add <zone> <owner> <type> <value>')
      .description(
        'add a record; OWNER is relative ("www"), "@" or absolute ("www.example.test."); VALUE is one argument',
      ),
  )
    .option('--ttl <seconds>', `TTL (default: the RRset's TTL, or ${DEFAULT_RECORD_TTL})`)
    .action(
      (zone: string, owner: string, type: string, value: string, opts: CommonOptions & { ttl?: string }) =>
        recordAdd(zone, owner, type, value, opts),
    );

  addCommonOptions(
    record.command('list <zone> [owner] [type] [value]').description('list records, optionally filtered'),
  )
    .option('--json', 'print JSON: [{owner, type, ttl, rdata}]')
    .action(
      (
        zone: string,
        owner: string | undefined,
        type: string | undefined,
        value: string | undefined,
        opts: CommonOptions & { json?: boolean },
      ) => recordList(zone, owner, type, value, opts),
    );

  addCommonOptions(
    record
      .command('delete <zone> <owner> [type] [value]')
      .description('delete the matching records (never the apex SOA)'),
  ).action(
    (zone: string, owner: string, type: string | undefined, value: string | undefined, opts: CommonOptions) =>
      recordDelete(zone, owner, type, value, opts),
  );
}

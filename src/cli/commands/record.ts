// `dynzone record add|list|delete` (SPEC §6): resource records of a hosted zone. Every change goes through
// the zone editor (checks, serial bump, journal); this file only parses arguments and prints results.
import type { Command } from 'commander';
import type { DnsName } from '../../dns/name.js';
import { RRClass, RRType, typeToString } from '../../dns/constants.js';
import type { ResourceRecord } from '../../dns/record.js';
import { formatRdata, formatRecord } from '../../dns/zonefile/rdata-text.js';
import { canonicalSortKey } from '../../dns/zonefile/printer.js';
import { rdataEquals } from '../../zone/rdata-equal.js';
import { createZoneEditor } from '../../ddns/zone-editor.js';
import type { Store } from '../../store/store.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import {
  addCommonOptions,
  printJson,
  printLine,
  printNote,
  withStore,
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

/** DEFAULT_RECORD_TTL is the TTL of a record added without --ttl to a new RRset. */
export const DEFAULT_RECORD_TTL = 3600;

interface Filter {
  readonly zone: DnsName;
  readonly owner?: DnsName | undefined;
  readonly type?: number | undefined;
  readonly value?: string | undefined;
}

async function loadExistingZone(store: Store, zone: DnsName): Promise<ResourceRecord[]> {
  if (!(await store.getZone(zone)))
    throw new CliError(`zone ${zone.toString()} does not exist`, ExitCode.NOT_FOUND);
  return store.loadZoneRecords(zone);
}

function parseFilter(zoneText: string, ownerText?: string, typeText?: string, valueText?: string): Filter {
  const zone = parseZoneName(zoneText);
  const owner = ownerText !== undefined ? parseOwner(ownerText, zone) : undefined;
  const type = typeText !== undefined ? parseRecordTypeFilter(typeText) : undefined;
  if (valueText !== undefined && type !== undefined) parseValue(type, valueText, zone); // validate early
  return { zone, owner, type, value: valueText };
}

function matches(filter: Filter, rr: ResourceRecord): boolean {
  if (filter.owner && !rr.owner.equals(filter.owner)) return false;
  if (filter.type !== undefined && rr.type !== filter.type) return false;
  if (filter.value !== undefined && filter.type !== undefined) {
    if (!rdataEquals(rr.rdata, parseValue(filter.type, filter.value, filter.zone))) return false;
  }
  return true;
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
  const zone = parseZoneName(zoneText);
  const owner = parseOwner(ownerText, zone);
  const type = parseRecordType(typeText);
  const rdata = parseValue(type, valueText, zone);
  const explicitTtl = opts.ttl !== undefined ? parseTtlOption(opts.ttl) : undefined;
  const { result, rr } = await withStore(opts, async (store) => {
    const existing = await loadExistingZone(store, zone);
    // Without --ttl, a record joins its RRset at the RRset's TTL (RFC 2181 §5.2).
    const ttl =
      explicitTtl ??
      existing.find((r) => r.owner.equals(owner) && r.type === type)?.ttl ??
      DEFAULT_RECORD_TTL;
    const rr: ResourceRecord = { owner, type, class: RRClass.IN, ttl, rdata };
    const result = await createZoneEditor({ store }).apply(zone, { removed: [], added: [rr] });
    return { result, rr };
  });
  if (result === 'unchanged') printNote(`${describe(rr)} is already in the zone; nothing changed`);
  else printLine(`added ${describe(rr)} (serial ${result})`);
}

async function recordList(
  zoneText: string,
  ownerText: string | undefined,
  typeText: string | undefined,
  valueText: string | undefined,
  opts: CommonOptions & { json?: boolean },
): Promise<void> {
  const filter = parseFilter(zoneText, ownerText, typeText, valueText);
  const records = await withStore(opts, (store) => loadExistingZone(store, filter.zone));
  const selected = sortRecords(records.filter((rr) => matches(filter, rr)));
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
  const owner = filter.owner!;
  if (filter.type === RRType.SOA) {
    throw new CliError(
      'the SOA record cannot be deleted (it is maintained by dynzone; delete the whole zone with "dynzone zone delete")',
    );
  }
  const { result, removed } = await withStore(opts, async (store) => {
    const records = await loadExistingZone(store, filter.zone);
    // Without a TYPE, everything at the owner goes except an apex SOA, which only "zone delete" removes.
    const removed = records.filter(
      (rr) => matches(filter, rr) && !(rr.type === RRType.SOA && owner.equals(filter.zone)),
    );
    if (removed.length === 0) {
      const what = [owner.toString(), typeText, valueText].filter((x) => x !== undefined).join(' ');
      throw new CliError(`no record matches ${what} in zone ${filter.zone.toString()}`, ExitCode.NOT_FOUND);
    }
    const result = await createZoneEditor({ store }).apply(filter.zone, { removed, added: [] });
    return { result, removed };
  });
  if (result === 'unchanged') {
    printNote('nothing changed');
    return;
  }
  for (const rr of removed) printLine(`deleted ${describe(rr)}`);
  printLine(`zone ${filter.zone.toString()} is now at serial ${result}`);
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

// Converts resource records to and from their stored text forms (table rows and journal JSON). The rdata
// text is the zone-file presentation form (RFC 1035 §5.1) with absolute names, so rows stay readable with
// the sqlite3 shell and decode without an origin.
import { DnsName } from '../dns/name.js';
import { RRClass, typeFromString, typeToString } from '../dns/constants.js';
import type { ResourceRecord } from '../dns/record.js';
import { formatRdata, parseRdataText } from '../dns/zonefile/rdata-text.js';
import { StoreError } from './errors.js';

/** nameKeyText gives the lowercase absolute presentation form used for `zones.name` and `records.owner_key`. */
export function nameKeyText(name: DnsName): string {
  return name.toLowerCase().toString();
}

/** RecordText is a record in presentation form: the shape of rows and journal JSON. */
export interface RecordText {
  readonly owner: string;
  readonly type: number;
  readonly ttl: number;
  readonly rdata: string;
}

/** JournalRecordJson is how a record is written in the journal's JSON arrays (type as its mnemonic). */
export interface JournalRecordJson {
  readonly owner: string;
  readonly type: string;
  readonly ttl: number;
  readonly rdata: string;
}

/** recordToText gives the stored text form of a record. */
export function recordToText(rr: ResourceRecord): RecordText {
  return { owner: rr.owner.toString(), type: rr.type, ttl: rr.ttl, rdata: formatRdata(rr.type, rr.rdata) };
}

/** recordFromText decodes a stored record; a record that no longer parses is ERR_STORE_CORRUPT. */
export function recordFromText(row: RecordText): ResourceRecord {
  try {
    const owner = DnsName.parse(row.owner);
    return {
      owner,
      type: row.type,
      class: RRClass.IN,
      ttl: row.ttl,
      rdata: parseRdataText(row.type, row.rdata),
    };
  } catch (e) {
    throw new StoreError(
      'ERR_STORE_CORRUPT',
      `stored record cannot be decoded: ${row.owner} ${typeToString(row.type)} ${row.rdata}: ${(e as Error).message}`,
      { owner: row.owner, type: row.type },
      e,
    );
  }
}

/** encodeJournalRecords writes records as the journal's JSON text. */
export function encodeJournalRecords(records: readonly ResourceRecord[]): string {
  const out: JournalRecordJson[] = records.map((rr) => {
    const t = recordToText(rr);
    return { owner: t.owner, type: typeToString(t.type), ttl: t.ttl, rdata: t.rdata };
  });
  return JSON.stringify(out);
}

/** decodeJournalRecords reads the journal's JSON text back into records. */
export function decodeJournalRecords(json: string): ResourceRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new StoreError('ERR_STORE_CORRUPT', `journal entry is not JSON: ${(e as Error).message}`, {}, e);
  }
  if (!Array.isArray(parsed)) throw new StoreError('ERR_STORE_CORRUPT', 'journal entry is not a JSON array');
  return parsed.map((item: JournalRecordJson) => {
    const type = typeof item.type === 'string' ? typeFromString(item.type) : undefined;
    if (type === undefined)
      throw new StoreError('ERR_STORE_CORRUPT', `journal record has a bad type: ${String(item.type)}`);
    return recordFromText({ owner: item.owner, type, ttl: item.ttl, rdata: item.rdata });
  });
}

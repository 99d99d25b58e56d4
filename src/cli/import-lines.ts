// Finds the master-file line of a zone-check problem, so `zone import` can say "file:12: ..." for semantic
// errors too. The parser returns records in file order, one per record entry, so the k-th record entry
// the lexer sees is records[k]; when that does not hold (the parser skipped records), no line is given.
import type { DnsName } from '../dns/name.js';
import type { ResourceRecord } from '../dns/record.js';
import { ZoneLexer } from '../dns/zonefile/lexer.js';

/** RecordLineIndex tells the line of the first record with an owner (and type). */
export interface RecordLineIndex {
  lineOf(owner: DnsName, type?: number): number | undefined;
}

/** indexRecordLines pairs parsed records with the lines of their entries; undefined if they do not pair up. */
export function indexRecordLines(
  text: string,
  records: readonly ResourceRecord[],
): RecordLineIndex | undefined {
  const lines: number[] = [];
  const lexer = new ZoneLexer(text);
  let entry;
  while ((entry = lexer.next()) !== undefined) {
    const first = entry.tokens[0];
    if (!first) continue;
    if (!entry.ownerOmitted && !first.quoted && first.text.startsWith('$')) continue; // a directive
    lines.push(entry.line);
  }
  if (lines.length !== records.length) return undefined;
  const byOwnerType = new Map<string, number>();
  const byOwner = new Map<string, number>();
  records.forEach((rr, i) => {
    const line = lines[i]!;
    const k = `${rr.owner.key}/${rr.type}`;
    if (!byOwnerType.has(k)) byOwnerType.set(k, line);
    if (!byOwner.has(rr.owner.key)) byOwner.set(rr.owner.key, line);
  });
  return {
    lineOf(owner, type) {
      return (
        (type !== undefined ? byOwnerType.get(`${owner.key}/${type}`) : undefined) ?? byOwner.get(owner.key)
      );
    },
  };
}

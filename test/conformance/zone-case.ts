// Helpers for table-driven lookup tests (CoreDNS plugin/test style): the zone and the expected sections
// are written as master-file text, parsed with the real zone-file parser, and compared as sorted,
// canonical one-line records. Test-only; imported by src/zone/*.test.ts and test/conformance/*.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../../src/dns/name.js';
import type { RRset, ResourceRecord } from '../../src/dns/record.js';
import { typeFromString } from '../../src/dns/constants.js';
import { parseZoneText } from '../../src/dns/zonefile/parser.js';
import { formatRecord } from '../../src/dns/zonefile/rdata-text.js';
import type { LookupResult } from '../../src/zone/lookup-result.js';
import { Zone } from '../../src/zone/zone.js';

/** parseRecords reads master-file text relative to `origin` (empty text gives no records). */
export function parseRecords(text: string, origin: DnsName): ResourceRecord[] {
  if (text.trim() === '') return [];
  return parseZoneText(text, { origin }).records;
}

/** zoneFromText builds a checked Zone from master-file text. */
export function zoneFromText(text: string, origin: DnsName): Zone {
  return Zone.build(origin, parseRecords(text, origin));
}

/** canonicalLines formats records as absolute one-line text with the owner lowercased, sorted unless told. */
export function canonicalLines(records: Iterable<ResourceRecord>, sorted = true): string[] {
  const out: string[] = [];
  for (const rr of records) out.push(formatRecord({ ...rr, owner: rr.owner.toLowerCase() }));
  return sorted ? out.sort() : out;
}

/** rrsetRecords expands RRsets into records. */
export function rrsetRecords(sets: readonly RRset[]): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  for (const s of sets)
    for (const rdata of s.rdatas)
      out.push({ owner: s.owner, type: s.type, class: s.class, ttl: s.ttl, rdata });
  return out;
}

/** Sections is a LookupResult flattened into message-like sections of canonical lines. */
export interface Sections {
  kind: LookupResult['kind'];
  answer: string[];
  authority: string[];
  additional: string[];
}

/** sectionsOf flattens a LookupResult: negative answers put the SOA in authority, referrals the NS. */
export function sectionsOf(r: LookupResult, answerSorted = true): Sections {
  const answer = canonicalLines(rrsetRecords(r.answers), answerSorted);
  switch (r.kind) {
    case 'answer':
      return { kind: r.kind, answer, authority: [], additional: canonicalLines(rrsetRecords(r.additionals)) };
    case 'cname':
      return { kind: r.kind, answer, authority: [], additional: [] };
    case 'nodata':
    case 'nxdomain':
      return { kind: r.kind, answer, authority: canonicalLines(rrsetRecords([r.soa])), additional: [] };
    case 'referral':
      return {
        kind: r.kind,
        answer,
        authority: canonicalLines(rrsetRecords([r.ns])),
        additional: canonicalLines(rrsetRecords(r.glue)),
      };
  }
}

/** LookupCase is one row: a question and the expected outcome, sections as master-file text. */
export interface LookupCase {
  readonly name?: string;
  readonly qname: string;
  readonly qtype: string;
  readonly kind: LookupResult['kind'];
  readonly answer?: string;
  readonly authority?: string;
  readonly additional?: string;
  /** answerInOrder compares the answer section in the given order (CNAME chains), not sorted. */
  readonly answerInOrder?: boolean;
}

/** expectLookup runs one case against a zone and asserts on kind and all three sections. */
export function expectLookup(zone: Zone, c: LookupCase): void {
  const qtype = typeFromString(c.qtype);
  if (qtype === undefined) throw new Error(`bad qtype in test case: ${c.qtype}`);
  const sorted = c.answerInOrder !== true;
  const got = sectionsOf(zone.lookup(DnsName.parse(c.qname, zone.origin), qtype), sorted);
  const want: Sections = {
    kind: c.kind,
    answer: canonicalLines(parseRecords(c.answer ?? '', zone.origin), sorted),
    authority: canonicalLines(parseRecords(c.authority ?? '', zone.origin)),
    additional: canonicalLines(parseRecords(c.additional ?? '', zone.origin)),
  };
  assert.deepEqual(got, want, `${c.qname} ${c.qtype}`);
}

/** runLookupCases registers one node:test test per row. */
export function runLookupCases(title: string, zone: () => Zone, cases: readonly LookupCase[]): void {
  for (const c of cases) {
    test(`${title}: ${c.name ?? `${c.qname} ${c.qtype}`} → ${c.kind}`, () => expectLookup(zone(), c));
  }
}

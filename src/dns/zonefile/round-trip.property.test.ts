// Property tests (fast-check): printZone → parseZoneText gives back the same records; formatRdata →
// parseRdataText gives back the same rdata; the fast address readers and sort key agree with the
// shared dns/ip.ts and compareCanonical on arbitrary input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DnsName, compareCanonical } from '../name.js';
import { RRType, typeFromString } from '../constants.js';
import { formatIPv6, normalizeIPv4, normalizeIPv6 } from '../ip.js';
import type { Rdata } from '../rdata.js';
import type { ResourceRecord } from '../record.js';
import { isCanonicalIPv6, readIPv4, readIPv6 } from './address-text.js';
import { parseZoneText } from './parser.js';
import { canonicalSortKey, printZone } from './printer.js';
import { formatRdata, formatRecord, parseRdataText } from './rdata-text.js';

// Seeded like the fuzz tests, so a run is reproducible and CI does not change its cases from run to run;
// FC_SEED=n explores other cases (a failure prints the seed and path that replay it).
fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 0x2f1e5eed) });

const origin = DnsName.parse('Example.TEST.');
const runs = { numRuns: 300 };

// Mostly host-like labels, sometimes any octet so escapes get exercised.
const labelChar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'abcXYZ019-_*'.split('')) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) },
);
const label = fc.array(labelChar, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const nameUnderOrigin = fc.array(label, { maxLength: 3 }).map((ls) => DnsName.fromLabelsUnder(ls, origin));
const anyName = fc.oneof(
  { weight: 4, arbitrary: nameUnderOrigin },
  { weight: 1, arbitrary: fc.array(label, { maxLength: 3 }).map((ls) => DnsName.fromLabels(ls)) },
);
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (maxLength: number) => fc.uint8Array({ maxLength });

const typedRdata: fc.Arbitrary<{ type: number; rdata: Rdata }> = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((o) => ({
    type: RRType.A,
    rdata: { kind: 'A', address: o.join('.') } as Rdata,
  })),
  fc
    .uint8Array({ minLength: 16, maxLength: 16 })
    .map((b) => ({ type: RRType.AAAA, rdata: { kind: 'AAAA', address: formatIPv6(b) } as Rdata })),
  fc
    .tuple(fc.constantFrom('NS' as const, 'CNAME' as const, 'PTR' as const), anyName)
    .map(([kind, target]) => ({
      type: typeFromString(kind)!,
      rdata: { kind, target } as Rdata,
    })),
  fc.tuple(u16, anyName).map(([preference, exchange]) => ({
    type: RRType.MX,
    rdata: { kind: 'MX', preference, exchange } as Rdata,
  })),
  fc
    .array(bytes(255), { minLength: 1, maxLength: 3 })
    .map((strings) => ({ type: RRType.TXT, rdata: { kind: 'TXT', strings } as Rdata })),
  fc.tuple(u16, u16, u16, anyName).map(([priority, weight, port, target]) => ({
    type: RRType.SRV,
    rdata: { kind: 'SRV', priority, weight, port, target } as Rdata,
  })),
  fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.stringMatching(/^[a-zA-Z0-9]{1,15}$/), bytes(300))
    .map(([flags, tag, value]) => ({
      type: RRType.CAA,
      rdata: { kind: 'CAA', flags, tag, value } as Rdata,
    })),
  fc
    .tuple(anyName, anyName, u32, u32, u32, u32, u32)
    .map(([mname, rname, serial, refresh, retry, expire, minimum]) => ({
      type: RRType.SOA,
      rdata: { kind: 'SOA', mname, rname, serial, refresh, retry, expire, minimum } as Rdata,
    })),
  fc
    .tuple(bytes(40), bytes(40))
    .map(([cpu, os]) => ({ type: RRType.HINFO, rdata: { kind: 'HINFO', cpu, os } as Rdata })),
  fc
    .tuple(fc.integer({ min: 65280, max: 65534 }), bytes(64))
    .map(([type, data]) => ({ type, rdata: { kind: 'UNKNOWN', data } as Rdata })),
);

const record: fc.Arbitrary<ResourceRecord> = fc
  .tuple(anyName, fc.integer({ min: 0, max: 0x7fffffff }), typedRdata)
  .map(([owner, ttl, { type, rdata }]) => ({ owner, type, class: 1, ttl, rdata }));

const sorted = (rrs: readonly ResourceRecord[]): ResourceRecord[] =>
  [...rrs].sort((a, b) =>
    formatRecord(a) < formatRecord(b) ? -1 : formatRecord(a) > formatRecord(b) ? 1 : 0,
  );

test('printZone output parses back to the same records', () => {
  fc.assert(
    fc.property(fc.array(record, { maxLength: 25 }), (records) => {
      const text = printZone(origin, records);
      const zone = parseZoneText(text);
      assert.deepEqual(sorted(zone.records), sorted(records));
    }),
    runs,
  );
});

test('parseRdataText(formatRdata(x)) equals x for every variant', () => {
  fc.assert(
    fc.property(typedRdata, ({ type, rdata }) => {
      assert.deepEqual(parseRdataText(type, formatRdata(type, rdata)), rdata);
    }),
    { numRuns: 1000 },
  );
});

test('canonicalSortKey orders names as compareCanonical does', () => {
  fc.assert(
    fc.property(anyName, anyName, (a, b) => {
      const byKey = Math.sign(
        canonicalSortKey(a) < canonicalSortKey(b) ? -1 : canonicalSortKey(a) > canonicalSortKey(b) ? 1 : 0,
      );
      assert.equal(byKey, Math.sign(compareCanonical(a, b)));
    }),
    { numRuns: 2000 },
  );
});

const addressText = fc.oneof(
  fc
    .array(fc.constantFrom(...'0123456789abcdefABCDEF:.%'.split('')), { maxLength: 45 })
    .map((a) => a.join('')),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map(formatIPv6),
  // Non-canonical spellings of real addresses: uppercase, leading zeros, uncompressed, dotted tail.
  fc
    .tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 3 }))
    .map(([b, style]) => {
      const g = Array.from({ length: 8 }, (_, i) => ((b[i * 2]! << 8) | b[i * 2 + 1]!).toString(16));
      if (style === 0) return g.join(':').toUpperCase();
      if (style === 1) return g.map((x) => x.padStart(4, '0')).join(':');
      if (style === 2) return `${g.slice(0, 6).join(':')}:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
      return formatIPv6(b).replace('::', ':0:0:').replace(/^:/, '0:').replace(/:$/, ':0');
    }),
  fc
    .tuple(
      fc.integer({ min: 0, max: 300 }),
      fc.integer({ min: 0, max: 300 }),
      fc.constantFrom('', '0', '.', '.1'),
    )
    .map(([x, y, z]) => `${z}1${x}.2.${y}.4${z}`),
);

test('the fast address readers agree with dns/ip.ts', () => {
  fc.assert(
    fc.property(addressText, (text) => {
      assert.equal(readIPv4(text), normalizeIPv4(text), `IPv4 "${text}"`);
      assert.equal(readIPv6(text), normalizeIPv6(text), `IPv6 "${text}"`);
      if (normalizeIPv6(text) !== undefined)
        assert.equal(isCanonicalIPv6(text), normalizeIPv6(text) === text, `canonical "${text}"`);
    }),
    { numRuns: 5000 },
  );
});

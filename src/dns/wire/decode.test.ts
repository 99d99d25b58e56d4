import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, decodeRdata } from './decode.js';
import { WireFormatError } from './errors.js';
import { RRClass, RRType } from '../constants.js';

/** hex joins hex fragments (spaces allowed) into octets. */
function hex(...parts: string[]): Uint8Array {
  return Uint8Array.from(Buffer.from(parts.join('').replace(/\s+/g, ''), 'hex'));
}

// Header with the given counts, ID 0xabcd, QR=1 AA=1.
function header(qd: number, an: number, ns: number, ar: number, flags = '8400'): string {
  const c = (n: number) => n.toString(16).padStart(4, '0');
  return 'abcd' + flags + c(qd) + c(an) + c(ns) + c(ar);
}

const QNAME = '04686f6d650364796e076578616d706c650474657374' + '00'; // home.dyn.example.test.
const Q_A = QNAME + '00010001'; // at offset 12
const PTR_Q = 'c00c'; // pointer to the question name

test('decodes the B19 query (ID 1, home A) from the cases file', () => {
  const m = decodeMessage(
    hex('00010000000100000000000004686f6d650364796e076578616d706c6504746573740000010001'),
  );
  assert.equal(m.id, 1);
  assert.equal(m.flags.qr, false);
  assert.equal(m.questions.length, 1);
  assert.equal(m.questions[0]!.name.toString(), 'home.dyn.example.test.');
  assert.equal(m.questions[0]!.type, RRType.A);
  assert.equal(m.edns, undefined);
});

test('decodes the B19 AAAA query (ID 2)', () => {
  const m = decodeMessage(
    hex('00020000000100000000000004686f6d650364796e076578616d706c65047465737400001c0001'),
  );
  assert.equal(m.id, 2);
  assert.equal(m.questions[0]!.type, RRType.AAAA);
});

test('decodes the B18 UDP AXFR query', () => {
  const m = decodeMessage(hex('abcd000000010000000000000364796e076578616d706c6504746573740000fc0001'));
  assert.equal(m.id, 0xabcd);
  assert.equal(m.questions[0]!.name.toString(), 'dyn.example.test.');
  assert.equal(m.questions[0]!.type, RRType.AXFR);
  assert.equal(m.questions[0]!.class, RRClass.IN);
});

test('decodes an answer with a compressed owner, EDNS and the extended rcode', () => {
  const m = decodeMessage(
    hex(
      header(1, 1, 0, 1, '8403'),
      Q_A,
      PTR_Q + '0001 0001 0000003c 0004 c0000201',
      '00 0029 04d0 01 00 8000 000a fde9 0002 abcd 0000 0000',
    ),
  );
  assert.equal(m.answers[0]!.owner.toString(), 'home.dyn.example.test.');
  assert.deepEqual(m.answers[0]!.rdata, { kind: 'A', address: '192.0.2.1' });
  assert.equal(m.answers[0]!.ttl, 60);
  assert.equal(m.rcode, 3 | (1 << 4));
  assert.equal(m.additionals.length, 0);
  assert.deepEqual(m.edns, {
    udpPayloadSize: 1232,
    version: 0,
    dnssecOk: true,
    options: [
      { code: 0xfde9, data: Uint8Array.from([0xab, 0xcd]) },
      { code: 0, data: new Uint8Array(0) },
    ],
  });
});

test('accepts compression inside NS, CNAME, PTR, MX, SOA and (leniently) SRV rdata', () => {
  const rr = (type: string, rdata: string) => {
    const len = (rdata.length / 2).toString(16).padStart(4, '0');
    return PTR_Q + type + '0001 00000e10'.replace(/ /g, '') + len + rdata;
  };
  const m = decodeMessage(
    hex(
      header(1, 6, 0, 0),
      Q_A,
      rr('0002', '036e7331' + 'c011'), // ns1.dyn.example.test.
      rr('0005', 'c00c'),
      rr('000c', 'c00c'),
      rr('000f', '000a' + 'c011'),
      rr('0006', 'c011' + 'c011' + '00000001000000020000000300000004' + '00000005'),
      rr('0021', '0001000201bb' + 'c00c'),
    ),
  );
  const kinds = m.answers.map((a) => a.rdata.kind);
  assert.deepEqual(kinds, ['NS', 'CNAME', 'PTR', 'MX', 'SOA', 'SRV']);
  const ns = m.answers[0]!.rdata;
  assert.ok(ns.kind === 'NS' && ns.target.toString() === 'ns1.dyn.example.test.');
  const soa = m.answers[4]!.rdata;
  assert.ok(soa.kind === 'SOA' && soa.minimum === 5 && soa.rname.toString() === 'dyn.example.test.');
  const srv = m.answers[5]!.rdata;
  assert.ok(srv.kind === 'SRV' && srv.port === 443 && srv.target.toString() === 'home.dyn.example.test.');
});

test('RFC 2136 empty update forms (class ANY/NONE, rdlength 0) decode as UNKNOWN', () => {
  const m = decodeMessage(
    hex(
      header(1, 0, 2, 0, '2800'),
      Q_A,
      PTR_Q + '0001 00ff 00000000 0000',
      PTR_Q + '00ff 00ff 00000000 0000',
    ),
  );
  assert.deepEqual(
    m.authorities.map((r) => r.rdata),
    [
      { kind: 'UNKNOWN', data: new Uint8Array(0) },
      { kind: 'UNKNOWN', data: new Uint8Array(0) },
    ],
  );
});

test('unknown types keep their octets (RFC 3597)', () => {
  const m = decodeMessage(hex(header(1, 1, 0, 0), Q_A, PTR_Q + 'fde9 0001 00000000 0003 010203'));
  assert.deepEqual(m.answers[0]!.rdata, { kind: 'UNKNOWN', data: Uint8Array.from([1, 2, 3]) });
});

test('decodeRdata reads rdata at an offset', () => {
  const buf = hex('ffff', '0005', '68656c6c6f', '00');
  assert.deepEqual(decodeRdata(RRType.TXT, buf, 2, 7), {
    kind: 'TXT',
    strings: [Uint8Array.from([0, 5]).subarray(1, 1), Uint8Array.from(Buffer.from('hello'))],
  });
});

const label64 = '40' + '61'.repeat(64);
const long63 = '3f' + '61'.repeat(63);
// 4 labels of 63 + root = 257 octets > 255.
const nameTooLong = long63.repeat(4) + '00';

const malformed: Array<[string, Uint8Array]> = [
  ['empty input', hex('')],
  ['truncated header', hex('abcd84000001')],
  ['qdcount larger than the message', hex(header(2, 0, 0, 0), Q_A)],
  ['ancount lies', hex(header(1, 1, 0, 0), Q_A)],
  ['question truncated in the type', hex(header(1, 0, 0, 0), QNAME + '00')],
  ['name without terminator', hex(header(1, 0, 0, 0), '04686f6d65')],
  ['label past the end', hex(header(1, 0, 0, 0), '0a686f6d65')],
  ['pointer loop (points at itself)', hex(header(1, 0, 0, 0), 'c00c00010001')],
  ['forward pointer', hex(header(1, 0, 0, 0), 'c00e0001000100')],
  ['pointer into the header', hex(header(1, 0, 0, 0), 'c00200010001')],
  // Answer 1's opaque rdata (at 51) holds a pointer to answer 2's owner (at 53), which points back at it.
  [
    'two-pointer loop through opaque rdata',
    hex(header(1, 2, 0, 0), Q_A, PTR_Q + 'fde9 0001 00000000 0002 c035', 'c033 0001 0001 00000000 0000'),
  ],
  ['pointer back into a later part of the same name', hex(header(1, 0, 0, 0), '0161c00c00010001')],
  ['label of 64 octets', hex(header(1, 0, 0, 0), label64, '0000010001')],
  ['name longer than 255 octets', hex(header(1, 0, 0, 0), nameTooLong, '00010001')],
  ['label type 0b01 (extended)', hex(header(1, 0, 0, 0), '4100', '00010001')],
  ['label type 0b10', hex(header(1, 0, 0, 0), '8100', '00010001')],
  ['rdlength past the end', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0001 0001 00000000 0008 c0000201')],
  ['A rdata of 5 octets', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0001 0001 00000000 0005 c000020101')],
  ['A rdata of 3 octets', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0001 0001 00000000 0003 c00002')],
  ['AAAA rdata of 4 octets', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '001c 0001 00000000 0004 c0000201')],
  ['MX with octets left over', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '000f 0001 00000000 0005 000a c00c 00')],
  ['NS name running past rdlength', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0002 0001 00000000 0002 0161 00')],
  ['TXT string past rdlength', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0010 0001 00000000 0003 05 6162')],
  ['TXT with rdlength 0 in class IN', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0010 0001 00000000 0000')],
  ['SOA truncated', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0006 0001 00000000 0008 c00c c00c 00000001')],
  ['SRV too short', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0021 0001 00000000 0003 000100')],
  ['CAA tag length 0', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0101 0001 00000000 0003 000000')],
  ['CAA tag past the end', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '0101 0001 00000000 0003 000561')],
  ['HINFO with one string', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '000d 0001 00000000 0002 0161')],
  ['two OPT records', hex(header(1, 0, 0, 2), Q_A, '0000291000000000000000', '0000291000000000000000')],
  ['OPT owner not root', hex(header(1, 0, 0, 1), Q_A, PTR_Q + '00291000000000000000')],
  ['OPT in the answer section', hex(header(1, 1, 0, 0), Q_A, '0000291000000000000000')],
  ['OPT in the authority section', hex(header(1, 0, 1, 0), Q_A, '0000291000000000000000')],
  ['OPT option past rdlength', hex(header(1, 0, 0, 1), Q_A, '000029100000000000000600010004abcd')],
  ['OPT option header cut', hex(header(1, 0, 0, 1), Q_A, '00002910000000000000020001')],
  ['trailing octets', hex(header(1, 0, 0, 0), Q_A, '00')],
  ['record header truncated', hex(header(1, 1, 0, 0), Q_A, PTR_Q + '00010001000000')],
  [
    'B18 AXFR query cut by one octet',
    hex('abcd000000010000000000000364796e076578616d706c6504746573740000fc00'),
  ],
  [
    'B19 query with qdcount 2',
    hex('00010000000200000000000004686f6d650364796e076578616d706c6504746573740000010001'),
  ],
];

for (const [what, input] of malformed) {
  test(`malformed: ${what} → WireFormatError`, () => {
    assert.throws(
      () => decodeMessage(input),
      (e: unknown) => {
        assert.ok(e instanceof WireFormatError, `got ${String(e)}`);
        assert.equal(e.code, 'ERR_WIRE_FORMAT');
        assert.equal(e.cause, undefined, 'an internal fault leaked through');
        assert.ok(e.offset >= 0 && e.offset <= input.length, `offset ${e.offset}`);
        console.log(`  ${what}: ${e.message}`);
        return true;
      },
    );
  });
}

test('a name of exactly 255 octets is accepted', () => {
  // 3×63 + 61 → 4 labels: 3·64 + 62 + 1 = 255.
  const n = '3f' + '61'.repeat(63);
  const name = n + n + n + '3d' + '62'.repeat(61) + '00';
  const m = decodeMessage(hex(header(1, 0, 0, 0), name, '00010001'));
  assert.equal(m.questions[0]!.name.wireLength, 255);
});

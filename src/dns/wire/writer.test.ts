import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageWriter, encodeMessage, ednsWireSize, encodeRdataBytes } from './writer.js';
import { decodeMessage } from './decode.js';
import { DnsName } from '../name.js';
import { RRClass, RRType } from '../constants.js';
import type { HeaderFlags, Message } from '../message.js';
import type { Rdata } from '../rdata.js';
import type { RRset } from '../record.js';

const n = (s: string) => DnsName.parse(s);
const flags: HeaderFlags = {
  qr: true,
  opcode: 0,
  aa: true,
  tc: false,
  rd: false,
  ra: false,
  z: false,
  ad: false,
  cd: false,
};

function rrset(owner: string, type: number, rdatas: Rdata[], ttl = 60): RRset {
  return { owner: n(owner), type, class: RRClass.IN, ttl, rdatas };
}

function aRecords(count: number): Rdata[] {
  return Array.from({ length: count }, (_, i) => ({ kind: 'A', address: `192.0.2.${i}` }) as const);
}

test('owners are compressed against the question; original case kept', () => {
  const w = new MessageWriter(512);
  w.putHeader(7, flags, 0);
  assert.ok(w.putQuestion({ name: n('HoMe.dyn.example.test.'), type: RRType.A, class: RRClass.IN }));
  const afterQ = w.size;
  assert.equal(afterQ, 12 + 23 + 4);
  assert.ok(w.putRRset('answer', rrset('home.dyn.example.test.', RRType.A, aRecords(2))));
  // Each record: pointer (2) + fixed (10) + A (4).
  assert.equal(w.size, afterQ + 2 * 16);
  const m = decodeMessage(w.finish());
  assert.equal(m.questions[0]!.name.toString(), 'HoMe.dyn.example.test.');
  assert.equal(m.answers.length, 2);
  assert.equal(m.answers[1]!.owner.toString(), 'HoMe.dyn.example.test.');
});

test('MX exchange is compressed, SRV target never is (RFC 3597 §4)', () => {
  const w = new MessageWriter(512);
  w.putQuestion({ name: n('dyn.example.test.'), type: RRType.ANY, class: RRClass.IN });
  const before = w.size;
  w.putRecord('answer', {
    owner: n('dyn.example.test.'),
    type: RRType.MX,
    class: RRClass.IN,
    ttl: 1,
    rdata: { kind: 'MX', preference: 10, exchange: n('mail.dyn.example.test.') },
  });
  // owner ptr 2 + fixed 10 + pref 2 + "mail" 5 + ptr 2
  assert.equal(w.size - before, 21);
  const mid = w.size;
  w.putRecord('answer', {
    owner: n('_sip._tcp.dyn.example.test.'),
    type: RRType.SRV,
    class: RRClass.IN,
    ttl: 1,
    rdata: { kind: 'SRV', priority: 1, weight: 2, port: 5060, target: n('mail.dyn.example.test.') },
  });
  // owner: 5+5+ptr 2 = 12; fixed 10; 6; target uncompressed: 5+4+8+5+1 = 23
  assert.equal(w.size - mid, 12 + 10 + 6 + 23);
  const m = decodeMessage(w.finish());
  const srv = m.answers[1]!.rdata;
  assert.ok(srv.kind === 'SRV' && srv.target.toString() === 'mail.dyn.example.test.');
});

test('putRRset returns false at the limit and leaves the writer unchanged, compression table included', () => {
  const build = (tryBig: boolean) => {
    const w = new MessageWriter(512);
    w.putHeader(1, flags, 0);
    w.putQuestion({ name: n('x.dyn.example.test.'), type: RRType.A, class: RRClass.IN });
    const sizeBefore = w.size;
    if (tryBig) {
      // The owner's new labels would be entered in the table before the overflow is seen.
      assert.equal(w.putRRset('answer', rrset('big.other.test.', RRType.A, aRecords(40))), false);
      assert.equal(w.size, sizeBefore);
      assert.equal(w.ancount, 0);
    }
    // A later record whose owner would compress against the failed one must be written in full.
    assert.ok(w.putRRset('answer', rrset('big.other.test.', RRType.A, aRecords(3))));
    return w.finish();
  };
  const withFailure = Buffer.from(build(true));
  const clean = Buffer.from(build(false));
  assert.deepEqual(withFailure, clean);
  assert.equal(decodeMessage(withFailure).answers.length, 3);
});

test('reserve keeps room for the OPT record until it is released', () => {
  const edns = { udpPayloadSize: 1232, version: 0, dnssecOk: false, options: [] };
  const w = new MessageWriter(512);
  w.putQuestion({ name: n('dyn.example.test.'), type: RRType.A, class: RRClass.IN });
  assert.ok(w.reserve(ednsWireSize(edns)));
  let written = 0;
  while (
    w.putRecord('answer', {
      owner: n('dyn.example.test.'),
      type: RRType.A,
      class: 1,
      ttl: 1,
      rdata: { kind: 'A', address: '192.0.2.1' },
    })
  )
    written++;
  assert.ok(w.size + 11 <= 512 && w.size + 11 + 16 > 512, `size ${w.size}`);
  assert.equal(w.putEdns(edns, 0), false, 'reserved space is not usable until released');
  w.unreserve(ednsWireSize(edns));
  assert.ok(w.putEdns(edns, 0));
  const out = w.finish();
  assert.ok(out.length <= 512);
  const m = decodeMessage(out);
  assert.equal(m.answers.length, written);
  assert.deepEqual(m.edns, edns);
});

test('mark/rewind truncates back to header + question', () => {
  const w = new MessageWriter(512);
  w.putQuestion({ name: n('dyn.example.test.'), type: RRType.TXT, class: RRClass.IN });
  const mark = w.mark();
  assert.ok(
    w.putRRset(
      'answer',
      rrset('dyn.example.test.', RRType.TXT, [{ kind: 'TXT', strings: [new Uint8Array(100)] }]),
    ),
  );
  w.rewind(mark);
  w.putHeader(9, { ...flags, tc: true }, 0);
  const m = decodeMessage(w.finish());
  assert.equal(m.flags.tc, true);
  assert.equal(m.answers.length, 0);
  assert.equal(m.questions.length, 1);
});

test('encodeMessage splits a 12-bit rcode between header and OPT (RFC 6891 §6.1.3)', () => {
  const msg: Message = {
    id: 0xbeef,
    flags,
    rcode: 16, // BADVERS
    questions: [{ name: n('dyn.example.test.'), type: RRType.SOA, class: RRClass.IN }],
    answers: [],
    authorities: [],
    additionals: [],
    edns: {
      udpPayloadSize: 4096,
      version: 0,
      dnssecOk: true,
      options: [{ code: 10, data: new Uint8Array(8) }],
    },
  };
  const wire = encodeMessage(msg);
  assert.equal(wire[3]! & 0xf, 0);
  assert.deepEqual(decodeMessage(wire), msg);
  assert.throws(() => encodeMessage({ ...msg, edns: undefined }), RangeError);
});

test('every rdata kind round-trips through encodeMessage/decodeMessage', () => {
  const o = 'r.dyn.example.test.';
  const rr = (type: number, rdata: Rdata) => ({ owner: n(o), type, class: RRClass.IN, ttl: 300, rdata });
  const msg: Message = {
    id: 1,
    flags,
    rcode: 0,
    questions: [{ name: n(o), type: RRType.ANY, class: RRClass.IN }],
    answers: [
      rr(RRType.A, { kind: 'A', address: '203.0.113.9' }),
      rr(RRType.AAAA, { kind: 'AAAA', address: '2001:db8::1' }),
      rr(RRType.NS, { kind: 'NS', target: n('ns1.example.test.') }),
      rr(RRType.CNAME, { kind: 'CNAME', target: n('home.dyn.example.test.') }),
      rr(RRType.PTR, { kind: 'PTR', target: n('ptr.example.test.') }),
      rr(RRType.MX, { kind: 'MX', preference: 5, exchange: n('mx.example.test.') }),
      rr(RRType.TXT, {
        kind: 'TXT',
        strings: [Uint8Array.from(Buffer.from('v=spf1 -all')), new Uint8Array(0)],
      }),
      rr(RRType.SRV, { kind: 'SRV', priority: 0, weight: 5, port: 443, target: n('.') }),
      rr(RRType.CAA, {
        kind: 'CAA',
        flags: 128,
        tag: 'issue',
        value: Uint8Array.from(Buffer.from('ca.example')),
      }),
      rr(RRType.SOA, {
        kind: 'SOA',
        mname: n('ns1.example.test.'),
        rname: n('hostmaster.example.test.'),
        serial: 2024010101,
        refresh: 7200,
        retry: 3600,
        expire: 1209600,
        minimum: 60,
      }),
      rr(RRType.HINFO, {
        kind: 'HINFO',
        cpu: Uint8Array.from(Buffer.from('RFC8482')),
        os: new Uint8Array(0),
      }),
      rr(65001, { kind: 'UNKNOWN', data: Uint8Array.from([0, 1, 2]) }),
    ],
    authorities: [],
    additionals: [],
  };
  assert.deepEqual(decodeMessage(encodeMessage(msg)), msg);
});

test('writer refuses rdata whose kind does not match the type', () => {
  const w = new MessageWriter(512);
  assert.throws(
    () =>
      w.putRecord('answer', {
        owner: n('a.test.'),
        type: RRType.MX,
        class: 1,
        ttl: 1,
        rdata: { kind: 'A', address: '192.0.2.1' },
      }),
    TypeError,
  );
  assert.throws(() => encodeRdataBytes(RRType.A, { kind: 'A', address: '192.0.2.256' }), TypeError);
  assert.deepEqual([...encodeRdataBytes(RRType.A, { kind: 'A', address: '192.0.2.255' })], [192, 0, 2, 255]);
  assert.throws(() => new MessageWriter(511), RangeError);
});

test('sections must be written in order', () => {
  const w = new MessageWriter(512);
  w.putRecord('authority', {
    owner: n('a.test.'),
    type: RRType.A,
    class: 1,
    ttl: 1,
    rdata: { kind: 'A', address: '192.0.2.1' },
  });
  assert.throws(() =>
    w.putRecord('answer', {
      owner: n('a.test.'),
      type: RRType.A,
      class: 1,
      ttl: 1,
      rdata: { kind: 'A', address: '192.0.2.1' },
    }),
  );
});

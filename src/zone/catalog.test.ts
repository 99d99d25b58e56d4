// Tests of ZoneCatalog: longest-match zone selection, atomic swap, removal and the swap hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsName } from '../dns/name.js';
import { RRType } from '../dns/constants.js';
import { zoneFromText } from '../../test/conformance/zone-case.js';
import { ZoneCatalog, type ZoneSwapEvent } from './catalog.js';
import type { Zone } from './zone.js';

function makeZone(origin: string, serial = 1): Zone {
  const o = DnsName.parse(origin);
  return zoneFromText(`@ 60 IN SOA ns hm ${serial} 2 3 4 60\n@ 60 IN NS ns.example.net.`, o);
}

test('ZoneCatalog.findZone picks the longest matching origin', () => {
  const cat = new ZoneCatalog();
  cat.swap(makeZone('example.test.'));
  cat.swap(makeZone('dyn.example.test.'));
  cat.swap(makeZone('other.'));
  const rows: [string, string | undefined][] = [
    ['example.test.', 'example.test.'],
    ['www.example.test.', 'example.test.'],
    ['dyn.example.test.', 'dyn.example.test.'],
    ['HOME.Dyn.Example.Test.', 'dyn.example.test.'],
    ['a.b.dyn.example.test.', 'dyn.example.test.'],
    ['xdyn.example.test.', 'example.test.'],
    ['test.', undefined],
    ['.', undefined],
    ['www.example.org.', undefined],
  ];
  for (const [qname, want] of rows) {
    const name = DnsName.parse(qname);
    assert.equal(cat.findZone(name)?.origin.toString(), want, qname);
    assert.equal(cat.findZoneByKey(name.key)?.origin.toString(), want, qname);
  }
});

test('ZoneCatalog: a root zone matches everything not claimed by a longer origin', () => {
  const cat = new ZoneCatalog();
  cat.swap(makeZone('.'));
  cat.swap(makeZone('example.test.'));
  assert.equal(cat.findZone(DnsName.parse('www.example.org.'))?.origin.toString(), '.');
  assert.equal(cat.findZone(DnsName.parse('www.example.test.'))?.origin.toString(), 'example.test.');
});

test('ZoneCatalog.swap replaces a zone, notifies listeners, and remove drops it', () => {
  const cat = new ZoneCatalog();
  const events: ZoneSwapEvent[] = [];
  const off = cat.onSwap((e) => events.push(e));
  const v1 = makeZone('example.test.', 1);
  const v2 = makeZone('example.test.', 2);
  cat.swap(v1);
  cat.swap(v1); // same snapshot: no event
  cat.swap(v2);
  assert.equal(cat.get(DnsName.parse('EXAMPLE.test.')), v2);
  assert.equal(cat.size, 1);
  assert.deepEqual(cat.zones(), [v2]);
  assert.deepEqual(cat.origins().map(String), ['example.test.']);
  assert.equal(cat.remove(DnsName.parse('example.test.')), true);
  assert.equal(cat.remove(DnsName.parse('example.test.')), false);
  assert.equal(cat.findZone(DnsName.parse('www.example.test.')), undefined);
  assert.deepEqual(
    events.map((e) => [e.origin.toString(), e.previous?.serial, e.current?.serial]),
    [
      ['example.test.', undefined, 1],
      ['example.test.', 1, 2],
      ['example.test.', 2, undefined],
    ],
  );
  off();
  cat.swap(v1);
  assert.equal(events.length, 3);
});

test('ZoneCatalog: a throwing listener does not stop the others or undo the swap', () => {
  const errors: unknown[] = [];
  const cat = new ZoneCatalog({ onListenerError: (e) => errors.push(e) });
  let called = 0;
  cat.onSwap(() => {
    throw new Error('boom');
  });
  cat.onSwap(() => called++);
  const z = makeZone('example.test.');
  cat.swap(z);
  assert.equal(called, 1);
  assert.equal(errors.length, 1);
  assert.equal(cat.get(z.origin), z);
});

test('ZoneCatalog.findZoneForQuestion sends DS at a hosted child apex to the parent zone', () => {
  const cat = new ZoneCatalog();
  cat.swap(makeZone('example.test.'));
  cat.swap(makeZone('dyn.example.test.'));
  const child = DnsName.parse('dyn.example.test.');
  assert.equal(cat.findZoneForQuestion(child, RRType.DS)?.origin.toString(), 'example.test.');
  assert.equal(cat.findZoneForQuestion(child, RRType.A)?.origin.toString(), 'dyn.example.test.');
  assert.equal(
    cat.findZoneForQuestion(DnsName.parse('x.dyn.example.test.'), RRType.DS)?.origin.toString(),
    'dyn.example.test.',
  );
  // No hosted parent: the zone itself answers (NODATA from its apex).
  assert.equal(
    cat.findZoneForQuestion(DnsName.parse('example.test.'), RRType.DS)?.origin.toString(),
    'example.test.',
  );
});

// Tests of ShardedMap: map semantics against a plain Map (property test), immutability of committed
// maps, sharing of untouched buckets and growth by rehash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ShardedMap } from './sharded-map.js';

// Seeded like the fuzz tests, so a run is reproducible and CI does not change its cases from run to run;
// FC_SEED=n explores other cases (a failure prints the seed and path that replay it).
fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 0x5a4d5eed) });

test('ShardedMap behaves like a Map across edits, and old versions never change', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 40 }),
        { maxLength: 6 },
      ),
      (batches) => {
        let map = ShardedMap.empty<number>();
        const model = new Map<string, number>();
        const history: [ShardedMap<number>, Map<string, number>][] = [[map, new Map(model)]];
        for (const batch of batches) {
          const ed = map.edit();
          for (const [del, k, v] of batch) {
            if (del) {
              assert.equal(ed.delete(k), model.delete(k));
            } else {
              ed.set(k, v);
              model.set(k, v);
            }
            assert.equal(ed.get(k), model.get(k));
          }
          assert.equal(ed.size, model.size);
          map = ed.commit();
          history.push([map, new Map(model)]);
        }
        for (const [m, snapshot] of history) {
          assert.equal(m.size, snapshot.size);
          assert.deepEqual(new Map(m.entries()), snapshot);
          for (const [k, v] of snapshot) assert.equal(m.get(k), v);
        }
      },
    ),
  );
});

test('ShardedMap.edit copies only the buckets it writes and shares the map when nothing is written', () => {
  const ed = ShardedMap.empty<number>(100_000).edit();
  for (let i = 0; i < 100_000; i++) ed.set(`k${i}`, i);
  const a = ed.commit();
  const e2 = a.edit();
  e2.set('k42', -1);
  const b = e2.commit();
  let shared = 0;
  for (let i = 0; i < a.bucketCount; i++) if (a.bucketAt(i) === b.bucketAt(i)) shared++;
  assert.equal(shared, a.bucketCount - 1);
  assert.equal(a.get('k42'), 42);
  assert.equal(b.get('k42'), -1);
  const e3 = b.edit();
  e3.delete('absent');
  assert.equal(e3.commit(), b);
});

test('ShardedMap grows its bucket count when edits make the buckets too full', () => {
  let map = ShardedMap.empty<number>();
  const before = map.bucketCount;
  const ed = map.edit();
  for (let i = 0; i < 50_000; i++) ed.set(`k${i}`, i);
  map = ed.commit();
  assert.ok(map.bucketCount > before);
  for (let i = 0; i < 50_000; i += 997) assert.equal(map.get(`k${i}`), i);
  assert.equal(map.size, 50_000);
});

test('ShardedMapEditor refuses a second commit', () => {
  const ed = ShardedMap.empty<number>().edit();
  ed.set('a', 1);
  ed.commit();
  assert.throws(() => ed.commit());
});

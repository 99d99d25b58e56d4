// CompiledQueries: one compile per shape, later calls run the kept SQL with their own values, and a
// parameter list that does not match the built query is refused before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from './db.js';
import { KyselyStore } from './kysely-store.js';
import { CompiledQueries } from './compiled-queries.js';

test('a shape is compiled once and run with each call’s own values', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dz-compiled-'));
  const db = createDb({ kind: 'sqlite', path: join(dir, 'x.db') });
  try {
    await new KyselyStore(db, 'sqlite').migrate();
    const hot = new CompiledQueries();
    let builds = 0;
    const insert = (name: string) =>
      hot.run(
        db,
        'zone-insert',
        [name, 'default', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
        () => {
          builds++;
          return db.insertInto('zones').values({
            name,
            ns_mode: 'default',
            created_at: '2026-01-01T00:00:00.000Z',
            updated_at: '2026-01-01T00:00:00.000Z',
          });
        },
      );
    await insert('a.test.');
    await insert('b.test.');
    await insert('c.test.');
    assert.equal(builds, 1, 'built once');
    const byName = (name: string) =>
      hot.run(db, 'zone-by-name', [name], () =>
        db.selectFrom('zones').select('name').where('name', '=', name),
      );
    assert.deepEqual((await byName('b.test.')).rows, [{ name: 'b.test.' }]);
    assert.deepEqual((await byName('c.test.')).rows, [{ name: 'c.test.' }]);
    assert.deepEqual((await byName('nope.test.')).rows, []);
    assert.equal(hot.size, 2);
    // Values in the wrong order are refused on the first call of a shape, and nothing is written.
    await assert.rejects(
      hot.run(db, 'zone-insert-wrong', ['2026-01-01T00:00:00.000Z', 'd.test.'], () =>
        db.insertInto('zones').values({
          name: 'd.test.',
          ns_mode: 'default',
          created_at: '2026-01-01T00:00:00.000Z',
          updated_at: '2026-01-01T00:00:00.000Z',
        }),
      ),
      /query shape zone-insert-wrong: the query takes/,
    );
    assert.deepEqual((await byName('d.test.')).rows, []);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

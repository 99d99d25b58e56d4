// Write transactions hold SQLite's write lock from BEGIN, so a writer in another connection waits (here:
// with no busy timeout, is refused) instead of slipping in between a transaction's read and its write, which
// made that write fail at once with SQLITE_BUSY_SNAPSHOT. Read-only transactions never take the lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from './db.js';
import { KyselyStore } from './kysely-store.js';

test('a write transaction holds the write lock from its start; a read-only one does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dz-write-lock-'));
  const path = join(dir, 'x.db');
  const a = createDb({ kind: 'sqlite', path });
  const b = createDb({ kind: 'sqlite', path, busyTimeoutMs: 0 });
  try {
    await new KyselyStore(a, 'sqlite').migrate();
    const stamp = '2026-01-01T00:00:00.000Z';
    const insertFromB = (name: string) =>
      b
        .insertInto('zones')
        .values({ name, ns_mode: 'default', created_at: stamp, updated_at: stamp })
        .execute();

    // Inside a's write transaction, before it wrote anything, b cannot start writing.
    await a.transaction().execute(async (trx) => {
      await trx.selectFrom('zones').select('id').execute();
      await assert.rejects(insertFromB('b1.test.'), (e: { code?: string }) =>
        String(e.code).startsWith('SQLITE_BUSY'),
      );
      await trx
        .insertInto('zones')
        .values({ name: 'a1.test.', ns_mode: 'default', created_at: stamp, updated_at: stamp })
        .execute();
    });

    // Inside a read-only transaction, b writes freely, and the reader keeps its snapshot.
    await a
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        const before = await trx.selectFrom('zones').select('name').execute();
        await insertFromB('b2.test.');
        const after = await trx.selectFrom('zones').select('name').execute();
        assert.deepEqual(after, before, 'one snapshot for the whole read');
      });
    const names = (await a.selectFrom('zones').select('name').orderBy('name').execute()).map((r) => r.name);
    assert.deepEqual(names, ['a1.test.', 'b2.test.']);
  } finally {
    await a.destroy();
    await b.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

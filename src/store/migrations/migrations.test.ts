// Structural test of the migrations on the Postgres dialect without a server: the DDL is compiled by
// Kysely's Postgres compiler over a dummy driver and checked for dialect-correct column types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Dialect } from 'kysely';
import type { DbKind } from '../db.js';
import { createMigrationProvider } from './index.js';

function dummy(kind: DbKind): Dialect {
  return kind === 'postgres'
    ? {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      }
    : {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      };
}

async function compiledDdl(kind: DbKind): Promise<string[]> {
  const statements: string[] = [];
  const db = new Kysely<unknown>({ dialect: dummy(kind), log: (e) => void statements.push(e.query.sql) });
  const migrations = await createMigrationProvider(kind).getMigrations();
  const names = Object.keys(migrations);
  assert.deepEqual(names, [...names].sort(), 'migration names sort in application order');
  for (const m of Object.values(migrations)) await m.up(db);
  await db.destroy();
  return statements;
}

test('postgres DDL uses serial ids and bigint serials, never SQLite syntax', async () => {
  const ddl = await compiledDdl('postgres');
  const tables = ddl.filter((s) => s.startsWith('create table'));
  assert.ok(tables.length >= 4);
  for (const s of tables) {
    assert.match(s, /"id" serial primary key/, s);
    assert.doesNotMatch(s, /autoincrement/i, s);
  }
  const journal = tables.find((s) => s.startsWith('create table "journal"'));
  assert.match(journal ?? '', /"from_serial" bigint/);
  assert.match(journal ?? '', /"to_serial" bigint/);
  const records = tables.find((s) => s.startsWith('create table "records"'));
  assert.match(records ?? '', /references "zones" \("id"\) on delete cascade/);
});

test('sqlite DDL uses AUTOINCREMENT ids so journal positions are never reused', async () => {
  const ddl = await compiledDdl('sqlite');
  for (const s of ddl.filter((x) => x.startsWith('create table')))
    assert.match(s, /"id" integer primary key autoincrement/, s);
});

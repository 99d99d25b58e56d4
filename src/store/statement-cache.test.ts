// The statement cache reuses prepared statements by SQL text and never holds more than its bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { withStatementCache } from './statement-cache.js';

test('the same SQL gets the same prepared statement; results stay correct', () => {
  const raw = new BetterSqlite3(':memory:');
  let prepared = 0;
  const counting = new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (sql: string) => {
          prepared++;
          return target.prepare(sql);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  const db = withStatementCache(counting, 2);
  db.prepare('create table t (v integer)').run([]);
  for (let i = 0; i < 5; i++) db.prepare('insert into t (v) values (?)').run([i]);
  assert.deepEqual(db.prepare('select sum(v) as s from t').all([]), [{ s: 10 }]);
  assert.equal(prepared, 3);
  // A third statement evicts the least recently used one (the insert), which is prepared again later.
  db.prepare('select count(*) as n from t').all([]);
  db.prepare('insert into t (v) values (?)').run([5]);
  assert.equal(prepared, 5);
  assert.deepEqual(db.prepare('select count(*) as n from t').all([]), [{ n: 6 }]);
  assert.equal(prepared, 5);
  db.close();
});

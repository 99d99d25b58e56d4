import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_HOST_STATE, newCacheData, readCache, writeCache } from './state-file.js';
import { ClientError } from './errors.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dzc-state-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a missing cache is empty; a written cache reads back the same, mode 0600, no temporary file left', () =>
  withDir(async (dir) => {
    const file = join(dir, 'sub', 'cache.json');
    const empty = await readCache(file);
    assert.deepEqual(empty.data.hosts, {});
    const data = {
      ...newCacheData(),
      hosts: { 'https://d/nic/update h.example.test': { ...EMPTY_HOST_STATE, ipv4: '192.0.2.1' } },
    };
    await writeCache(file, data);
    assert.deepEqual((await readCache(file)).data, data);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(join(dir, 'sub')), ['cache.json']);
  }));

test('writeCache replaces the file whole: a reader sees the old or the new content, never a mix', () =>
  withDir(async (dir) => {
    const file = join(dir, 'cache.json');
    const big = (ip: string) => ({
      ...newCacheData(),
      hosts: Object.fromEntries(
        Array.from({ length: 2000 }, (_, i) => [`k${i}`, { ...EMPTY_HOST_STATE, ipv4: ip }]),
      ),
    });
    await writeCache(file, big('192.0.2.1'));
    let stop = false;
    const seen = new Set<string>();
    const reader = (async () => {
      while (!stop) {
        const text = await readFile(file, 'utf8');
        const parsed = JSON.parse(text) as { hosts: Record<string, { ipv4: string }> };
        seen.add(new Set(Object.values(parsed.hosts).map((h) => h.ipv4)).size === 1 ? 'whole' : 'mixed');
      }
    })();
    for (let i = 0; i < 20; i++) await writeCache(file, big(i % 2 ? '192.0.2.1' : '192.0.2.2'));
    stop = true;
    await reader;
    assert.deepEqual([...seen], ['whole']);
  }));

test('a file that is not a cache is moved aside and the client starts afresh', () =>
  withDir(async (dir) => {
    const file = join(dir, 'cache.json');
    await writeFile(file, '{"half": ');
    const r = await readCache(file);
    assert.equal(r.discarded, `${file}.corrupt`);
    assert.deepEqual(r.data.hosts, {});
    assert.equal(await readFile(`${file}.corrupt`, 'utf8'), '{"half": ');
  }));

test('a cache that cannot be read or written is an error, not an empty cache', () =>
  withDir(async (dir) => {
    await assert.rejects(
      readCache(dir),
      (e: unknown) => e instanceof ClientError && e.code === 'ERR_CLIENT_CACHE',
    );
    const blocker = join(dir, 'file');
    await writeFile(blocker, '');
    await assert.rejects(
      writeCache(join(blocker, 'cache.json'), newCacheData()),
      (e: unknown) => e instanceof ClientError && e.code === 'ERR_CLIENT_CACHE',
    );
  }));

test('a cache under a file system that refuses new entries (/proc) fails at once instead of looping', () =>
  withDir(async (dir) => {
    await writeCache(join(dir, 'a', 'b', 'c', 'cache.json'), newCacheData());
    assert.ok((await stat(join(dir, 'a', 'b', 'c'))).isDirectory());
    const started = Date.now();
    await assert.rejects(
      writeCache('/proc/dynzone-nope/cache.json', newCacheData()),
      (e: unknown) => e instanceof ClientError && e.code === 'ERR_CLIENT_CACHE',
    );
    assert.ok(Date.now() - started < 5000);
  }));

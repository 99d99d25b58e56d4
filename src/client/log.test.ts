import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createJsonLog, createTextLog } from './log.js';

test('text log: time, level, host prefix, message, other fields; below the level nothing', () => {
  const lines: string[] = [];
  const log = createTextLog({
    level: 'info',
    write: (l) => lines.push(l),
    now: () => Date.parse('2026-01-02T03:04:05.678Z'),
  });
  log.debug('hidden');
  log.info('updated to 192.0.2.1 (good 192.0.2.1)', { host: 'home.example.test' });
  log.error('STOPPED: badauth', { host: 'home.example.test', answer: 'badauth', note: 'two words' });
  assert.deepEqual(lines, [
    '2026-01-02T03:04:05Z INFO  home.example.test: updated to 192.0.2.1 (good 192.0.2.1)\n',
    '2026-01-02T03:04:05Z ERROR home.example.test: STOPPED: badauth (answer=badauth note="two words")\n',
  ]);
});

test('JSON log: one object per line with pino levels, the message and the fields', () => {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  const log = createJsonLog({ level: 'warn', destination: sink });
  log.info('hidden');
  log.warn('update failed', { host: 'h.example.test' });
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!['level'], 40);
  assert.equal(lines[0]!['msg'], 'update failed');
  assert.equal(lines[0]!['host'], 'h.example.test');
  assert.equal(lines[0]!['name'], 'dynzone-client');
});

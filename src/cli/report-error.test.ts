// How failures to bind a listener reach the user: one line naming the address and the flags that choose it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportError } from './report-error.js';
import { ExitCode } from './exit-codes.js';

test('a listener that cannot bind is named, with the flags that move it', () => {
  const inUse = reportError(new Error('DNS worker start: bind EADDRINUSE 127.0.0.1:5300'));
  assert.equal(inUse.exitCode, ExitCode.INTERNAL);
  assert.match(inUse.message, /^cannot listen: 127\.0\.0\.1:5300 is already in use/);
  assert.match(inUse.message, /--dns-listen/);
  const v6 = reportError(new Error('listen EACCES: permission denied [::1]:53'));
  assert.match(v6.message, /^cannot listen: \[::1\]:53 needs privileges/);
  assert.doesNotMatch(v6.message, /internal error/);
  assert.match(reportError(new Error('something odd')).message, /^internal error: something odd$/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAnswerLine, parseUpdateAnswer } from './dyndns2-answer.js';

test('parseAnswerLine reads every documented answer word', () => {
  assert.deepEqual(parseAnswerLine('good 192.0.2.1'), {
    kind: 'good',
    addresses: ['192.0.2.1'],
    line: 'good 192.0.2.1',
  });
  assert.deepEqual(parseAnswerLine('GOOD 192.0.2.1,2001:db8::1').kind, 'good');
  const two = parseAnswerLine('good 192.0.2.1,2001:db8::1');
  assert.deepEqual(two.kind === 'good' && two.addresses, ['192.0.2.1', '2001:db8::1']);
  assert.deepEqual(parseAnswerLine('nochg').kind, 'nochg');
  for (const w of ['badauth', 'nohost', 'notfqdn', 'badagent', 'abuse', 'numhost', '!yours', '!donator'])
    assert.deepEqual(parseAnswerLine(w), { kind: 'stop', code: w, line: w });
  assert.deepEqual(parseAnswerLine('conflict AAAA'), {
    kind: 'stop',
    code: 'conflict',
    line: 'conflict AAAA',
  });
  for (const w of ['911', 'dnserr']) {
    const a = parseAnswerLine(w);
    assert.equal(a.kind === 'retry' && a.cause, 'server', w);
  }
  const wait = parseAnswerLine('w5m');
  assert.equal(wait.kind === 'retry' && wait.minDelayMs, 300_000);
  for (const w of ['ok', 'success', 'updated', 'goodness', '']) {
    const a = parseAnswerLine(w);
    assert.equal(a.kind === 'retry' && a.cause, 'unknown', JSON.stringify(w));
  }
});

test('parseUpdateAnswer: one line per host, in order; a missing line is a failure for that host', () => {
  const a = parseUpdateAnswer(200, 'good 192.0.2.1\r\nnohost\r\n', 3);
  assert.deepEqual(
    a.map((x) => x.kind),
    ['good', 'stop', 'retry'],
  );
  assert.equal(a[2]!.kind === 'retry' && a[2]!.cause, 'missing');
  assert.deepEqual(
    parseUpdateAnswer(200, '', 1).map((x) => x.kind === 'retry' && x.cause),
    ['missing'],
  );
});

test('parseUpdateAnswer: a request-level error given once applies to every host; good given once does not', () => {
  for (const body of ['badauth', 'badagent', '911']) {
    const a = parseUpdateAnswer(200, `${body}\n`, 3);
    assert.equal(a.length, 3);
    assert.ok(
      a.every((x) => x.kind === a[0]!.kind),
      body,
    );
  }
  assert.deepEqual(
    parseUpdateAnswer(200, 'good 192.0.2.1\n', 2).map((x) => x.kind),
    ['good', 'retry'],
  );
  assert.deepEqual(
    parseUpdateAnswer(200, 'nohost\n', 2).map((x) => x.kind),
    ['stop', 'retry'],
  );
});

test('parseUpdateAnswer: HTTP status rules', () => {
  // 401 is badauth whatever the body says (some servers send an HTML page).
  assert.deepEqual(
    parseUpdateAnswer(401, '<html>Unauthorized</html>', 2).map((x) => x.kind === 'stop' && x.code),
    ['badauth', 'badauth'],
  );
  // 5xx is the provider's failure, even when the body looks like an answer.
  assert.deepEqual(
    parseUpdateAnswer(503, 'good 192.0.2.1', 1).map((x) => x.kind === 'retry' && x.cause),
    ['server'],
  );
  // A 4xx that carries a protocol word (Dynzone's status dialect, other providers) counts as that word.
  assert.deepEqual(
    parseUpdateAnswer(404, 'nohost\n', 1).map((x) => x.kind === 'stop' && x.code),
    ['nohost'],
  );
  // A 4xx page or a redirect without a protocol word is a failure to retry later, never success or stop.
  assert.deepEqual(
    parseUpdateAnswer(403, '<html>Forbidden</html>', 1).map((x) => x.kind),
    ['retry'],
  );
  assert.deepEqual(
    parseUpdateAnswer(302, '', 1).map((x) => x.kind),
    ['retry'],
  );
  // Any 2xx reads the body.
  assert.deepEqual(
    parseUpdateAnswer(201, 'good 192.0.2.1', 1).map((x) => x.kind),
    ['good'],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandCandidates } from './command.js';
import { ClientError } from '../errors.js';

test('commandCandidates gives the words a command prints, prefix lengths stripped', async () => {
  const words = await commandCandidates({
    command: "printf '2: wan0    inet 192.0.2.5/24 brd 192.0.2.255\\n'",
    timeoutMs: 5000,
  });
  assert.deepEqual(words, ['2:', 'wan0', 'inet', '192.0.2.5', 'brd', '192.0.2.255']);
});

test('commandCandidates: a failing, killed or too slow command is an error', async () => {
  await assert.rejects(
    commandCandidates({ command: 'echo oops >&2; exit 3', timeoutMs: 5000 }),
    (e: unknown) => e instanceof ClientError && /exited 3: oops/.test(e.message),
  );
  await assert.rejects(
    commandCandidates({ command: 'sleep 10', timeoutMs: 200 }),
    (e: unknown) => e instanceof ClientError && /killed \(SIGKILL\)/.test(e.message),
  );
});

// Daemon mode's timing with an injected clock, against the scripted stand-in over HTTPS: the loop wakes at
// the interval, wakes earlier when a back-off ends sooner, sends when the detected address changes (a
// command source reading a file), and ends at once when stopped while asleep. No test here sleeps.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openRig, startTestbed, writeClientConfig, type Testbed } from './client-testbed.js';
import { goodForAll } from '../helpers/dyndns2-standin.js';
import { ManualClock } from '../helpers/client-fake-clock.js';
import { runDaemon } from '../../src/client/daemon.js';
import type { CycleReport } from '../../src/client/updater.js';

const MIN = 60_000;

describe('daemon loop timing (injected clock)', { timeout: 60_000 }, () => {
  let tb: Testbed;
  before(async () => {
    tb = await startTestbed('dzc-daemon');
  });
  after(async () => {
    await tb.close();
  });

  test('interval, earlier wake for a back-off, a changed address sent, prompt stop', async () => {
    const h = 'loop.example.test';
    const addrFile = join(tb.dir, 'addr');
    await writeFile(addrFile, '11.22.33.44\n');
    const file = await writeClientConfig(tb, [
      { hostnames: [h], ipv4: `{ source: command, command: "cat ${addrFile}" }` },
    ]);
    const clock = new ManualClock();
    const rig = await openRig(tb, file, { clock, random: () => 0 });
    // 3600 s: the first back-off (5 min) ends long before the next regular check.
    const interval = 3600;
    const reports: CycleReport[] = [];
    const stop = new AbortController();
    const sent = (): number => tb.standin.updates.filter((r) => r.hostnames.includes(h)).length;
    const t0 = clock.now();
    const loop = runDaemon(rig.updater, {
      interval,
      signal: stop.signal,
      clock,
      log: rig.log,
      onCycle: (r) => reports.push(r),
    });

    await clock.sleeping();
    assert.equal(sent(), 1);
    assert.equal(reports.at(-1)!.hosts[0]!.status, 'updated');
    assert.equal(clock.nextWake(), t0 + interval * 1000, 'next check one interval later');

    // Regular check, same address: nothing sent.
    clock.set(t0 + interval * 1000);
    await clock.sleeping();
    assert.equal(reports.length, 2);
    assert.equal(reports.at(-1)!.hosts[0]!.status, 'current');
    assert.equal(sent(), 1);

    // The address changes and the provider is down: a 911, then the loop wakes after 5 min, not 60.
    await writeFile(addrFile, '11.22.33.45\n');
    tb.standin.script(() => ({ body: '911\n' }));
    const t1 = clock.now();
    clock.set(t1 + interval * 1000);
    await clock.sleeping();
    assert.equal(sent(), 2);
    assert.equal(reports.at(-1)!.hosts[0]!.status, 'failed');
    const t2 = clock.now();
    assert.equal(clock.nextWake(), t2 + 5 * MIN);
    clock.set(t2 + 5 * MIN);
    await clock.sleeping();
    assert.equal(sent(), 3);
    assert.equal(clock.nextWake(), t2 + 5 * MIN + 10 * MIN, 'then 10 min');

    // The provider is back: the next wake-up sends the changed address once.
    tb.standin.script(goodForAll);
    clock.set(clock.nextWake()!);
    await clock.sleeping();
    assert.equal(sent(), 4);
    assert.equal(tb.standin.updates.at(-1)!.params.get('myip'), '11.22.33.45');
    assert.equal(reports.at(-1)!.hosts[0]!.status, 'updated');

    // Stopping while asleep ends the loop without waiting for the clock.
    stop.abort();
    await loop;
    assert.ok(rig.log.entries.some((e) => e.msg === 'stopped'));
  });

  test('SIGTERM-style stop during a request: the loop ends at once and no back-off is recorded', async () => {
    const h = 'hang.example.test';
    const file = await writeClientConfig(tb, [
      { hostnames: [h], ipv4: '{ source: fixed, address: 198.51.100.99 }' },
    ]);
    tb.standin.script(() => 'hang');
    const clock = new ManualClock();
    const rig = await openRig(tb, file, { clock });
    const stop = new AbortController();
    const loop = runDaemon(rig.updater, { interval: 300, signal: stop.signal, clock, log: rig.log });
    while (!tb.standin.updates.some((r) => r.hostnames.includes(h)))
      await new Promise((r) => setTimeout(r, 20));
    const t = Date.now();
    stop.abort();
    await loop;
    assert.ok(Date.now() - t < 2000, 'stopped without waiting for the answer or the 5 s timeout');
    assert.equal(rig.updater.hostState(h).retry, null);
    tb.standin.script(goodForAll);
  });
});

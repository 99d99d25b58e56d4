// The updater client against a scripted dyndns2 stand-in over real HTTPS (test PKI): every answer code and
// what the client does next — recorded and not repeated (good, nochg), stopped until the configuration
// changes (badauth, nohost, notfqdn, badagent, abuse, conflict, 401), or backed off with growing, jittered
// delays (911, dnserr, 5xx, dropped connection, missing or unknown line). Time is a ManualClock: back-off
// is measured to the millisecond without sleeping.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { fixed, openRig, startTestbed, writeClientConfig, type Testbed } from './client-testbed.js';
import { goodForAll } from '../helpers/dyndns2-standin.js';
import { ManualClock } from '../helpers/client-fake-clock.js';
import { MemoryLog } from '../helpers/client-memory-log.js';

const MIN = 60_000;

describe('updater client obeys every dyndns2 answer (scripted stand-in)', { timeout: 120_000 }, () => {
  let tb: Testbed;
  let n = 0;
  const host = (): string => `h${++n}.example.test`;
  const sentFor = (h: string): number => tb.standin.updates.filter((r) => r.hostnames.includes(h)).length;

  before(async () => {
    tb = await startTestbed('dzc-answers');
  });
  after(async () => {
    await tb.close();
  });
  beforeEach(() => tb.standin.script(goodForAll));

  test('good: one request with the address, recorded; the next cycles send nothing', async () => {
    const h = host();
    const rig = await openRig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.7') }]);
    const first = await rig.updater.runCycle();
    assert.equal(first.requests, 1);
    assert.deepEqual(
      first.hosts.map((x) => [x.hostname, x.status]),
      [[h, 'updated']],
    );
    const req = tb.standin.updates.at(-1)!;
    assert.equal(req.params.get('hostname'), h);
    assert.equal(req.params.get('myip'), '198.51.100.7');
    assert.equal(rig.updater.hostState(h).ipv4, '198.51.100.7');
    for (let i = 0; i < 3; i++) {
      rig.clock.advance(24 * 60 * MIN);
      const again = await rig.updater.runCycle();
      assert.equal(again.requests, 0);
      assert.equal(again.hosts[0]!.status, 'current');
    }
    assert.equal(sentFor(h), 1);
  });

  test('nochg: recorded like good and not repeated (the answer that gets careless clients blocked)', async () => {
    const h = host();
    tb.standin.script((r) => ({ body: `nochg ${r.params.get('myip')}\n` }));
    const rig = await openRig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.8') }]);
    assert.equal((await rig.updater.runCycle()).hosts[0]!.status, 'unchanged');
    for (let i = 0; i < 10; i++) {
      rig.clock.advance(5 * MIN);
      assert.equal((await rig.updater.runCycle()).requests, 0);
    }
    assert.equal(sentFor(h), 1);
  });

  test('the cache survives a restart: a new process with the same cache sends nothing', async () => {
    const h = host();
    const file = await writeClientConfig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.9') }]);
    await (await openRig(tb, file)).updater.runCycle();
    const restarted = await openRig(tb, file);
    const r = await restarted.updater.runCycle();
    assert.equal(r.requests, 0);
    assert.equal(r.hosts[0]!.status, 'current');
    assert.equal(sentFor(h), 1);
  });

  test('a changed address is sent once, and only for the hosts whose confirmed address differs', async () => {
    const a = host();
    const b = host();
    const file = await writeClientConfig(tb, [{ hostnames: [a], ipv4: fixed('198.51.100.10') }], {
      name: 'chg',
    });
    await (await openRig(tb, file)).updater.runCycle();
    // Same cache, new address and a second host: one request, both hosts, the new address.
    const file2 = await writeClientConfig(tb, [{ hostnames: [a, b], ipv4: fixed('198.51.100.11') }], {
      name: 'chg2',
      cache: 'chg.cache.json',
    });
    const rig = await openRig(tb, file2);
    const r = await rig.updater.runCycle();
    assert.equal(r.requests, 1);
    assert.deepEqual(tb.standin.updates.at(-1)!.hostnames, [a, b]);
    assert.equal(tb.standin.updates.at(-1)!.params.get('myip'), '198.51.100.11');
    assert.deepEqual(
      r.hosts.map((x) => x.status),
      ['updated', 'updated'],
    );
  });

  const STOPS: readonly { readonly status?: number; readonly body: string; readonly code: string }[] = [
    { body: 'badauth\n', code: 'badauth' },
    { status: 401, body: 'badauth\n', code: 'badauth' },
    { status: 401, body: '', code: 'badauth' },
    { body: 'nohost\n', code: 'nohost' },
    { status: 404, body: 'nohost\n', code: 'nohost' },
    { body: 'notfqdn\n', code: 'notfqdn' },
    { body: 'badagent\n', code: 'badagent' },
    { body: 'abuse\n', code: 'abuse' },
    { body: 'conflict A\n', code: 'conflict' },
    { body: 'conflict AAAA\n', code: 'conflict' },
    { body: '!yours\n', code: '!yours' },
  ];
  for (const s of STOPS) {
    test(`HTTP ${s.status ?? 200} ${JSON.stringify(s.body.trim())}: the host stops until its configuration changes`, async () => {
      const h = host();
      tb.standin.script(() => ({ status: s.status, body: s.body }));
      const file = await writeClientConfig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.20') }]);
      const log = new MemoryLog();
      const rig = await openRig(tb, file, { log });
      const r = await rig.updater.runCycle();
      assert.equal(r.hosts[0]!.status, 'stopped');
      assert.equal(rig.updater.hostState(h).stopped?.code, s.code);
      const loud = log.at('error').find((e) => e.msg.startsWith('STOPPED'));
      assert.ok(loud, `an ERROR line saying STOPPED:\n${log.text()}`);
      assert.equal(loud.fields['host'], h);
      // Days later, and after a restart, nothing is sent, even though the server would now say good.
      tb.standin.script(goodForAll);
      rig.clock.advance(3 * 24 * 60 * MIN);
      assert.equal((await rig.updater.runCycle()).requests, 0);
      const restarted = await openRig(tb, file);
      const again = await restarted.updater.runCycle();
      assert.equal(again.requests, 0);
      assert.equal(again.hosts[0]!.status, 'stopped');
      assert.equal(sentFor(h), 1);
      // A configuration change (new password) lifts the stop: one new attempt.
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('secret-pass-1', 'secret-pass-2'));
      const changed = await openRig(tb, file);
      const after = await changed.updater.runCycle();
      assert.equal(after.requests, 1);
      assert.equal(after.hosts[0]!.status, 'updated');
      assert.equal(sentFor(h), 2);
    });
  }

  const RETRIES: readonly {
    readonly name: string;
    readonly reply: () => ReturnType<Parameters<Testbed['standin']['script']>[0]>;
  }[] = [
    { name: '200 911', reply: () => ({ body: '911\n' }) },
    { name: '200 dnserr', reply: () => ({ body: 'dnserr\n' }) },
    { name: '500 (empty)', reply: () => ({ status: 500, body: '' }) },
    { name: '503 911', reply: () => ({ status: 503, body: '911\n' }) },
    { name: 'connection dropped', reply: () => 'drop' },
    { name: '200 with an empty body (missing line)', reply: () => ({ body: '' }) },
    { name: '200 with an unknown word', reply: () => ({ body: 'ok\n' }) },
    { name: '302 redirect', reply: () => ({ status: 302, body: '' }) },
  ];
  for (const c of RETRIES) {
    test(`${c.name}: back off at least 5 minutes, then 10, 20, 40, 60, 60 (never sooner)`, async () => {
      const h = host();
      tb.standin.script(c.reply);
      const clock = new ManualClock();
      const rig = await openRig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.30') }], {
        clock,
        random: () => 0,
      });
      const waits = [5, 10, 20, 40, 60, 60];
      assert.equal((await rig.updater.runCycle()).hosts[0]!.status, 'failed');
      assert.equal(sentFor(h), 1);
      for (const [i, w] of waits.entries()) {
        // 1 ms before the back-off ends: nothing is sent and the host reports that it is waiting.
        clock.advance(w * MIN - 1);
        const early = await rig.updater.runCycle();
        assert.equal(early.requests, 0, `no request ${w} min - 1 ms after failure ${i + 1}`);
        assert.equal(early.hosts[0]!.status, 'waiting');
        assert.equal(early.hosts[0]!.retryAt, clock.now() + 1);
        clock.advance(1);
        const due = await rig.updater.runCycle();
        assert.equal(due.requests, 1, `a request ${w} min after failure ${i + 1}`);
        assert.equal(sentFor(h), i + 2);
      }
      // Once the provider works again, one success clears the back-off.
      tb.standin.script(goodForAll);
      clock.advance(60 * MIN);
      assert.equal((await rig.updater.runCycle()).hosts[0]!.status, 'updated');
      assert.equal(rig.updater.hostState(h).retry, null);
    });
  }

  test('jitter: the back-off is the base delay plus up to 20 %, from the injected random source', async () => {
    tb.standin.script(() => ({ body: '911\n' }));
    for (const [random, expected] of [
      [0, 5 * MIN],
      [0.5, 5.5 * MIN],
      [0.999999, 5 * MIN + Math.floor(5 * MIN * 0.2 * 0.999999)],
    ] as const) {
      const h = host();
      const clock = new ManualClock();
      const rig = await openRig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.31') }], {
        clock,
        random: () => random,
      });
      const t0 = clock.now();
      const r = await rig.updater.runCycle();
      const delay = r.hosts[0]!.retryAt! - t0;
      assert.ok(delay >= 5 * MIN && delay < 6 * MIN, `delay ${delay} in [5 min, 6 min)`);
      assert.ok(Math.abs(delay - expected) <= 1, `random ${random}: delay ${delay}, expected ${expected}`);
    }
  });

  test('back-off survives a restart: a new process does not retry early', async () => {
    const h = host();
    tb.standin.script(() => ({ body: '911\n' }));
    const file = await writeClientConfig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.32') }]);
    const clock = new ManualClock();
    await (await openRig(tb, file, { clock })).updater.runCycle();
    clock.advance(4 * MIN);
    const restarted = await openRig(tb, file, { clock });
    const r = await restarted.updater.runCycle();
    assert.equal(r.requests, 0);
    assert.equal(r.hosts[0]!.status, 'waiting');
  });

  test('w5m asks for a pause: honoured even when it is longer than the back-off', async () => {
    const h = host();
    tb.standin.script(() => ({ body: 'w30m\n' }));
    const clock = new ManualClock();
    const rig = await openRig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.33') }], { clock });
    const r = await rig.updater.runCycle();
    assert.equal(r.hosts[0]!.retryAt! - clock.now(), 30 * MIN);
  });

  test('two hostnames, one request, one line per host read back in order', async () => {
    const a = host();
    const b = host();
    tb.standin.script((r) => ({ body: `good ${r.params.get('myip')}\nnohost\n` }));
    const rig = await openRig(tb, [{ hostnames: [a, b], ipv4: fixed('198.51.100.40') }]);
    const r = await rig.updater.runCycle();
    assert.equal(r.requests, 1);
    assert.deepEqual(tb.standin.updates.at(-1)!.hostnames, [a, b]);
    assert.deepEqual(
      r.hosts.map((x) => [x.hostname, x.status]),
      [
        [a, 'updated'],
        [b, 'stopped'],
      ],
    );
  });

  test('one line for two hosts: the second host is a failure (retried later), never taken for good', async () => {
    const a = host();
    const b = host();
    tb.standin.script((r) => ({ body: `good ${r.params.get('myip')}\n` }));
    const clock = new ManualClock();
    const rig = await openRig(tb, [{ hostnames: [a, b], ipv4: fixed('198.51.100.41') }], { clock });
    const r = await rig.updater.runCycle();
    assert.deepEqual(
      r.hosts.map((x) => x.status),
      ['updated', 'failed'],
    );
    assert.equal(rig.updater.hostState(b).ipv4, null);
    // The retry carries only the host that is still due.
    tb.standin.script(goodForAll);
    clock.advance(5 * MIN);
    await rig.updater.runCycle();
    assert.deepEqual(tb.standin.updates.at(-1)!.hostnames, [b]);
  });

  test('a request-level badauth given once stops every host of the request', async () => {
    const a = host();
    const b = host();
    tb.standin.script(() => ({ status: 401, body: 'badauth\n' }));
    const rig = await openRig(tb, [{ hostnames: [a, b], ipv4: fixed('198.51.100.42') }]);
    const r = await rig.updater.runCycle();
    assert.deepEqual(
      r.hosts.map((x) => x.status),
      ['stopped', 'stopped'],
    );
  });

  test('IPv4 and IPv6 together: myip=v4,v6 in one request; both recorded', async () => {
    const h = host();
    const rig = await openRig(tb, [
      { hostnames: [h], ipv4: fixed('198.51.100.50'), ipv6: fixed('2001:db8::50') },
    ]);
    const r = await rig.updater.runCycle();
    assert.equal(r.hosts[0]!.status, 'updated');
    const req = tb.standin.updates.at(-1)!;
    assert.equal(req.params.get('myip'), '198.51.100.50,2001:db8::50');
    // Colons and the comma are sent literally, as ddclient does (naive servers split the raw query).
    assert.match(req.rawUrl, /myip=198\.51\.100\.50,2001:db8::50$/);
    assert.deepEqual(
      [rig.updater.hostState(h).ipv4, rig.updater.hostState(h).ipv6],
      ['198.51.100.50', '2001:db8::50'],
    );
  });

  test('User-Agent dynzone-client/<package version>, Basic credentials, and no secret in the log', async () => {
    const h = host();
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const log = new MemoryLog();
    const rig = await openRig(
      tb,
      [{ hostnames: [h], ipv4: fixed('198.51.100.60'), username: 'üser', password: 'pa:ss wörd' }],
      { log },
    );
    await rig.updater.runCycle();
    const req = tb.standin.updates.at(-1)!;
    assert.equal(req.headers['user-agent'], `dynzone-client/${pkg.version}`);
    assert.deepEqual(req.login, { username: 'üser', password: 'pa:ss wörd' });
    assert.ok(!log.text().includes('pa:ss'), log.text());
    assert.ok(!log.text().includes(Buffer.from('üser:pa:ss wörd').toString('base64')), log.text());
  });

  test('credentials given in the server URL are percent-decoded', async () => {
    const h = host();
    const server = `https://us%40er:p%3Ass%2Fw%20rd@127.0.0.1:${tb.standin.port}`;
    const rig = await openRig(tb, [{ server, hostnames: [h], ipv4: fixed('198.51.100.61') }]);
    await rig.updater.runCycle();
    assert.deepEqual(tb.standin.updates.at(-1)!.login, { username: 'us@er', password: 'p:ss/w rd' });
  });

  test('TLS is verified: without ca_file the private CA is not trusted (a network failure, backed off)', async () => {
    const h = host();
    const rig = await openRig(tb, [{ hostnames: [h], ipv4: fixed('198.51.100.62'), caFile: null }]);
    const r = await rig.updater.runCycle();
    assert.equal(r.hosts[0]!.status, 'failed');
    assert.match(r.hosts[0]!.detail, /certificate|self.signed|issuer/i);
    assert.equal(sentFor(h), 0, 'the request never reached the server');
  });
});

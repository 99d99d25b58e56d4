// REST API tests for dynamic DNS records ("Manage dynamic DNS"): creating one (subdomain or the domain
// itself) gives working credentials; an update through /nic/update then shows in the record's address,
// last update and history; credentials can be viewed and regenerated (old ones get badauth); offline,
// online, unblock and delete change what the name server answers at once; another account gets 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RRType } from '../../dns/constants.js';
import { ANONYMOUS, expectProblem, withZone } from './api-testkit.js';
import { Credentials, Host, HostCreated, HostDetails } from './schemas.js';

const H = '/zones/example.test/hosts';

test('a new record has generated credentials that update it; the update shows in address, state and history', async () => {
  await withZone(async (w, admin) => {
    const r = await w.request('POST', H, { as: admin, body: { name: 'home' } });
    assert.equal(r.status, 201, r.body);
    const { host, credentials } = HostCreated.parse(r.json);
    assert.equal(host.hostname, 'home.example.test');
    assert.equal(host.name, 'home');
    assert.equal(host.ttl, 60);
    assert.equal(host.mode, 'dual');
    assert.equal(credentials.username, host.username);
    assert.match(credentials.password, /^[A-Za-z0-9]{16,}$/);

    const up = await w.nicUpdate(
      credentials.username,
      credentials.password,
      'hostname=home.example.test&myip=203.0.113.7',
    );
    assert.equal(up.body, 'good 203.0.113.7\n');
    assert.deepEqual(w.answer('home.example.test', RRType.A).values, ['203.0.113.7']);

    const show = HostDetails.parse((await w.request('GET', `${H}/home.example.test`, { as: admin })).json);
    assert.equal(show.ipv4, '203.0.113.7');
    assert.equal(show.state, 'online');
    assert.equal(show.updates, 1);
    assert.ok(show.lastUpdateAt);
    assert.equal(show.history.length, 1);
    assert.deepEqual(
      {
        old: show.history[0]!.oldIpv4,
        new: show.history[0]!.newIpv4,
        answer: show.history[0]!.answer,
        from: show.history[0]!.sourceIp,
      },
      { old: null, new: '203.0.113.7', answer: 'good 203.0.113.7', from: '203.0.113.9' },
    );
    const list = Host.array().parse((await w.request('GET', H, { as: admin })).json);
    assert.deepEqual(
      list.map((h) => [h.hostname, h.ipv4]),
      [['home.example.test', '203.0.113.7']],
    );
  });
});

test('the domain itself can be a dynamic DNS record ("@" or empty), with single mode and its own TTL', async () => {
  await withZone(async (w, admin) => {
    const r = await w.request('POST', H, { as: admin, body: { name: '@', mode: 'single', ttl: 300 } });
    assert.equal(r.status, 201, r.body);
    const { host, credentials } = HostCreated.parse(r.json);
    assert.deepEqual([host.hostname, host.name, host.mode, host.ttl], ['example.test', '@', 'single', 300]);
    assert.equal(
      (
        await w.nicUpdate(
          credentials.username,
          credentials.password,
          'hostname=example.test&myip=2001:db8::7',
        )
      ).body,
      'good 2001:db8::7\n',
    );
    assert.deepEqual(w.answer('example.test', RRType.AAAA).values, ['2001:db8::7']);
    expectProblem(await w.request('POST', H, { as: admin, body: { name: '' } }), 409, 'ERR_HOST_EXISTS');
  });
});

test('creation refuses bad names, duplicates and names that hold other data, and creates nothing', async () => {
  await withZone(async (w, admin) => {
    await w.request('POST', '/zones/example.test/records', {
      as: admin,
      body: { name: 'alias', type: 'CNAME', value: 'www.example.net.' },
    });
    await w.request('POST', '/zones/example.test/records', {
      as: admin,
      body: { name: 'static', type: 'A', value: '192.0.2.9' },
    });
    const staticA = expectProblem(
      await w.request('POST', H, { as: admin, body: { name: 'static' } }),
      409,
      'ERR_HOST_NAME_CONFLICT',
    );
    assert.match(
      staticA.detail,
      /static\.example\.test has static A records \(192\.0\.2\.9\); delete them first/,
    );
    assert.deepEqual(w.answer('static.example.test', RRType.A).values, ['192.0.2.9']);
    for (const [body, status, code] of [
      [{ name: 'bad name' }, 400, 'ERR_HOST_NAME_INVALID'],
      [{ name: 'under_score' }, 400, 'ERR_HOST_NAME_INVALID'],
      [{ name: 'https://home' }, 400, 'ERR_HOST_NAME_INVALID'],
      [{ name: 'home.other.test.' }, 400, 'ERR_HOST_NAME_INVALID'],
      [{ name: 'alias' }, 409, 'ERR_HOST_NAME_CONFLICT'],
      [{ name: 'home', ttl: 5 }, 400, 'ERR_VALIDATION'],
      [{ name: 'home', mode: 'triple' }, 400, 'ERR_VALIDATION'],
      [{}, 400, 'ERR_VALIDATION'],
    ] as const) {
      expectProblem(await w.request('POST', H, { as: admin, body }), status, code);
    }
    assert.deepEqual((await w.request('GET', H, { as: admin })).json, []);
    assert.equal((await w.request('POST', H, { as: admin, body: { name: 'home' } })).status, 201);
    expectProblem(await w.request('POST', H, { as: admin, body: { name: 'HOME' } }), 409, 'ERR_HOST_EXISTS');
  });
});

test('credentials can be viewed again, and regenerating them makes the old ones fail with badauth', async () => {
  await withZone(async (w, admin) => {
    const { credentials: first } = HostCreated.parse(
      (await w.request('POST', H, { as: admin, body: { name: 'home' } })).json,
    );
    const viewed = Credentials.parse(
      (await w.request('GET', `${H}/home.example.test/credentials`, { as: admin })).json,
    );
    assert.deepEqual(viewed, first);
    const regen = await w.request('POST', `${H}/home.example.test/credentials/regenerate`, { as: admin });
    assert.equal(regen.status, 200);
    const second = Credentials.parse(regen.json);
    assert.notEqual(second.password, first.password);
    assert.notEqual(second.username, first.username);
    const old = await w.nicUpdate(
      first.username,
      first.password,
      'hostname=home.example.test&myip=192.0.2.1',
    );
    assert.deepEqual([old.status, old.body], [401, 'badauth\n']);
    assert.equal(
      w.answer('home.example.test', RRType.A).kind,
      'nodata',
      'nothing was set by the old login: the record still has no address',
    );
    assert.equal(
      (await w.nicUpdate(second.username, second.password, 'hostname=home.example.test&myip=192.0.2.1')).body,
      'good 192.0.2.1\n',
    );
    assert.deepEqual(
      Credentials.parse((await w.request('GET', `${H}/home.example.test/credentials`, { as: admin })).json),
      second,
    );
  });
});

test('offline stops the name server answering the address (kept stored); online brings it back', async () => {
  await withZone(async (w, admin) => {
    const { credentials } = HostCreated.parse(
      (await w.request('POST', H, { as: admin, body: { name: 'home' } })).json,
    );
    await w.nicUpdate(
      credentials.username,
      credentials.password,
      'hostname=home.example.test&myip=192.0.2.44',
    );
    const s = w.serial('example.test')!;
    const off = await w.request('PATCH', `${H}/home.example.test`, { as: admin, body: { offline: true } });
    assert.equal(Host.parse(off.json).state, 'offline');
    assert.equal(Host.parse(off.json).ipv4, '192.0.2.44');
    assert.equal(w.answer('home.example.test', RRType.A).kind, 'nodata');
    assert.ok(w.serial('example.test')! > s);
    const on = await w.request('PATCH', `${H}/home.example.test`, { as: admin, body: { offline: false } });
    assert.equal(Host.parse(on.json).state, 'online');
    assert.deepEqual(w.answer('home.example.test', RRType.A).values, ['192.0.2.44']);
    expectProblem(
      await w.request('PATCH', `${H}/home.example.test`, { as: admin, body: { offline: 'yes' } }),
      400,
      'ERR_VALIDATION',
    );
    const history = HostDetails.parse(
      (await w.request('GET', `${H}/home.example.test`, { as: admin })).json,
    ).history;
    assert.deepEqual(
      history.map((e) => e.answer),
      ['set online by the owner', 'set offline by the owner', 'good 192.0.2.44'],
    );
  });
});

test('a new record with no address yet answers NODATA, not a wildcard, until its first update', async () => {
  await withZone(async (w, admin) => {
    const wildcard = await w.request('POST', '/zones/example.test/records', {
      as: admin,
      body: { name: '*', type: 'A', value: '192.0.2.61' },
    });
    assert.equal(wildcard.status, 201, wildcard.body);
    assert.deepEqual(w.answer('spaced.example.test', RRType.A).values, ['192.0.2.61']);

    const r = await w.request('POST', H, { as: admin, body: { name: 'spaced' } });
    assert.equal(r.status, 201, r.body);
    const { host, credentials } = HostCreated.parse(r.json);
    assert.deepEqual([host.ipv4, host.ipv6, host.state], [null, null, 'online']);
    for (const type of [RRType.A, RRType.AAAA])
      assert.equal(w.answer('spaced.example.test', type).kind, 'nodata', `${type}: not the wildcard`);
    // Only the name itself: other names still match the wildcard; the marker is not a listed record.
    assert.deepEqual(w.answer('other.example.test', RRType.A).values, ['192.0.2.61']);
    const records = await w.request('GET', '/zones/example.test/records', { as: admin });
    assert.equal(
      records.json.some((x: { fqdn: string }) => x.fqdn === 'spaced.example.test'),
      false,
    );
    const zone = await w.request('GET', '/zones/example.test', { as: admin });
    assert.equal(zone.json.recordCount, records.json.length, 'the count is of the records listed');

    const up = await w.nicUpdate(
      credentials.username,
      credentials.password,
      'hostname=spaced.example.test&myip=198.51.100.8',
    );
    assert.equal(up.body, 'good 198.51.100.8\n');
    assert.deepEqual(w.answer('spaced.example.test', RRType.A).values, ['198.51.100.8']);
    assert.equal(w.answer('spaced.example.test', RRType.AAAA).kind, 'nodata');
    // Deleting the record leaves nothing behind: the wildcard answers for the name again.
    assert.equal((await w.request('DELETE', `${H}/spaced.example.test`, { as: admin })).status, 204);
    assert.deepEqual(w.answer('spaced.example.test', RRType.A).values, ['192.0.2.61']);
  });
});

test('a record blocked for abuse is unblocked from the API and accepts updates again', async () => {
  await withZone(async (w, admin) => {
    const { credentials: c } = HostCreated.parse(
      (await w.request('POST', H, { as: admin, body: { name: 'home' } })).json,
    );
    const q = 'hostname=home.example.test&myip=192.0.2.9';
    assert.equal((await w.nicUpdate(c.username, c.password, q)).body, 'good 192.0.2.9\n');
    for (let i = 0; i < 6; i++) await w.nicUpdate(c.username, c.password, q); // more than 5 nochg in an hour
    assert.equal((await w.nicUpdate(c.username, c.password, q)).body, 'abuse\n');
    assert.equal(
      HostDetails.parse((await w.request('GET', `${H}/home.example.test`, { as: admin })).json).state,
      'blocked',
    );
    const un = await w.request('POST', `${H}/home.example.test/unblock`, { as: admin });
    assert.equal(Host.parse(un.json).state, 'online');
    assert.equal(
      (await w.nicUpdate(c.username, c.password, 'hostname=home.example.test&myip=192.0.2.10')).body,
      'good 192.0.2.10\n',
    );
  });
});

test('deleting a record stops the name server answering it and its login stops working', async () => {
  await withZone(async (w, admin) => {
    const { credentials: c } = HostCreated.parse(
      (await w.request('POST', H, { as: admin, body: { name: 'home' } })).json,
    );
    await w.nicUpdate(c.username, c.password, 'hostname=home.example.test&myip=192.0.2.5');
    assert.deepEqual(w.answer('home.example.test', RRType.A).values, ['192.0.2.5']);
    assert.equal((await w.request('DELETE', `${H}/home.example.test`, { as: admin })).status, 204);
    assert.equal(w.answer('home.example.test', RRType.A).kind, 'nxdomain');
    expectProblem(await w.request('GET', `${H}/home.example.test`, { as: admin }), 404, 'ERR_HOST_NOT_FOUND');
    assert.equal((await w.nicUpdate(c.username, c.password, 'hostname=home.example.test')).status, 401);
  });
});

test("another account (or nobody) can do nothing with this domain's dynamic DNS records", async () => {
  await withZone(async (w, admin) => {
    const bob = await w.addAccount(admin, 'bob@example.test');
    assert.equal((await w.request('POST', '/zones', { as: bob, body: { name: 'bob.test' } })).status, 201);
    const { credentials: c } = HostCreated.parse(
      (await w.request('POST', H, { as: admin, body: { name: 'home' } })).json,
    );
    await w.nicUpdate(c.username, c.password, 'hostname=home.example.test&myip=192.0.2.5');
    const routes = [
      ['GET', `${H}/home.example.test`, undefined],
      ['GET', `${H}/home.example.test/credentials`, undefined],
      ['POST', `${H}/home.example.test/credentials/regenerate`, undefined],
      ['PATCH', `${H}/home.example.test`, { offline: true }],
      ['POST', `${H}/home.example.test/unblock`, undefined],
      ['DELETE', `${H}/home.example.test`, undefined],
    ] as const;
    for (const [method, path, body] of routes) {
      expectProblem(await w.request(method, path, { as: bob, body }), 404, 'ERR_ZONE_NOT_FOUND');
      expectProblem(await w.request(method, path, { as: ANONYMOUS, body }), 401, 'ERR_AUTH_REQUIRED');
      // Nor through his own domain's path.
      expectProblem(
        await w.request(method, path.replace('/zones/example.test/', '/zones/bob.test/'), { as: bob, body }),
        404,
        'ERR_HOST_NOT_FOUND',
      );
    }
    assert.deepEqual(w.answer('home.example.test', RRType.A).values, ['192.0.2.5']);
    assert.deepEqual(
      Credentials.parse((await w.request('GET', `${H}/home.example.test/credentials`, { as: admin })).json),
      c,
    );
  });
});

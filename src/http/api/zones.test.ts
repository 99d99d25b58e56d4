// REST API tests for domains: adding one (default and custom name servers) serves it at once, the name
// servers to set at the registrar are given, bad input is refused with a problem and creates nothing,
// one account never sees or changes another's domain, switching name-server mode rewrites the served NS
// through the zone editor (serial moves), and deleting a domain stops the name server answering for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RRType } from '../../dns/constants.js';
import { DnsName } from '../../dns/name.js';
import { ANONYMOUS, createApiWorld, expectProblem, type ApiWorld } from './api-testkit.js';
import { ProblemDocument, Zone } from './schemas.js';

async function withWorld(fn: (w: ApiWorld) => Promise<void>) {
  const w = await createApiWorld();
  try {
    await fn(w);
  } finally {
    await w.close();
  }
}

test('adding a domain in default mode serves its SOA and NS at once and names the servers for the registrar', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const r = await w.request('POST', '/zones', { as: admin, body: { name: 'Example.TEST.' } });
    assert.equal(r.status, 201);
    const z = Zone.parse(r.json);
    assert.equal(z.name, 'example.test');
    assert.equal(z.nsMode, 'default');
    assert.equal(z.dynamicDnsAvailable, true);
    assert.deepEqual(z.nameServers, [{ name: 'ns1.example.test', inZone: true, addresses: [] }]);
    assert.equal(w.answer('example.test', RRType.NS).values[0], 'ns1.example.test.');
    assert.equal(w.serial('example.test'), z.serial);
    const list = await w.request('GET', '/zones', { as: admin });
    assert.deepEqual(
      Zone.array()
        .parse(list.json)
        .map((x) => x.name),
      ['example.test'],
    );
    const one = await w.request('GET', '/zones/example.test', { as: admin });
    assert.equal(Zone.parse(one.json).recordCount, 2);
  });
});

test('a custom-mode domain is delegated to the given name servers and has no dynamic DNS', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const r = await w.request('POST', '/zones', {
      as: admin,
      body: {
        name: 'away.test',
        nsMode: 'custom',
        nameServers: ['ns1.provider.example', 'ns2.provider.example.'],
      },
    });
    assert.equal(r.status, 201, r.body);
    const z = Zone.parse(r.json);
    assert.equal(z.dynamicDnsAvailable, false);
    assert.deepEqual(
      z.nameServers.map((n) => n.name),
      ['ns1.provider.example', 'ns2.provider.example'],
    );
    assert.deepEqual(w.answer('away.test', RRType.NS).values, [
      'ns1.provider.example.',
      'ns2.provider.example.',
    ]);
    const host = await w.request('POST', '/zones/away.test/hosts', { as: admin, body: { name: 'home' } });
    expectProblem(host, 409, 'ERR_ZONE_CUSTOM_NS');
    assert.match(host.json.detail, /custom name servers/);
  });
});

test('bad domains are refused with a clear problem and nothing is created', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    for (const [body, status, code] of [
      [{ name: 'bad_name.test' }, 400, 'ERR_ZONE_NAME_INVALID'],
      [{ name: '' }, 400, 'ERR_VALIDATION'],
      [{ name: '.' }, 400, 'ERR_ZONE_NAME_INVALID'],
      [{ name: 'x.test', nsMode: 'custom' }, 400, 'ERR_ZONE_NS_REQUIRED'],
      [{ name: 'x.test', nsMode: 'custom', nameServers: ['not a name'] }, 400, 'ERR_NS_NAME_INVALID'],
      [
        { name: 'x.test', nsMode: 'custom', nameServers: ['ns.a.example', 'NS.a.example'] },
        400,
        'ERR_NS_NAME_INVALID',
      ],
      [{ name: 'x.test', nameServers: ['ns.a.example'] }, 400, 'ERR_VALIDATION'],
      [{ name: 'x.test', nsMode: 'elsewhere' }, 400, 'ERR_VALIDATION'],
      [{ name: 'x.test', owner: 7 }, 400, 'ERR_VALIDATION'],
    ] as const) {
      expectProblem(await w.request('POST', '/zones', { as: admin, body }), status, code);
    }
    assert.equal((await w.store.listZones()).length, 0);
    assert.equal(w.catalog.size, 0);
    // Duplicates too.
    assert.equal((await w.request('POST', '/zones', { as: admin, body: { name: 'dup.test' } })).status, 201);
    const serial = w.serial('dup.test');
    expectProblem(
      await w.request('POST', '/zones', { as: admin, body: { name: 'DUP.test' } }),
      409,
      'ERR_ZONE_EXISTS',
    );
    assert.equal(w.serial('dup.test'), serial);
  });
});

test('names nobody can register are refused as domains: a TLD, an IP address, localhost and invalid', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    for (const [name, detail] of [
      ['localhost', /"localhost" is a special-use name that cannot be hosted \(RFC 6761 §6\.3/],
      ['LocalHost.', /special-use name/],
      ['www.localhost', /"www\.localhost" is under "localhost", which is a special-use name/],
      ['invalid', /RFC 6761 §6\.4/],
      ['a.b.invalid', /under "invalid"/],
      ['1.2.3.4', /"1\.2\.3\.4" ends in the all-numeric label "4".*RFC 3696 §2.*IP address/],
      ['host.123', /all-numeric label "123"/],
      ['com', /"com" is a top-level domain.*for example example\.com/],
      ['test', /top-level domain/],
    ] as const) {
      const r = await w.request('POST', '/zones', { as: admin, body: { name } });
      expectProblem(r, 400, 'ERR_ZONE_NAME_INVALID');
      assert.match(ProblemDocument.parse(r.json).detail, detail, name);
    }
    assert.equal((await w.store.listZones()).length, 0, 'nothing was created');
    assert.equal(w.catalog.size, 0, 'nothing is served');
    assert.equal(w.answer('localhost', RRType.A).kind, 'refused');
    // The names set aside for testing and documentation stay usable (RFC 6761 §6.2, §6.5), and a
    // numeric label below the top is fine.
    for (const name of ['a.test', 'b.example', 'c.example.com', 'example.net', '42.example.org', 'x1.test']) {
      const r = await w.request('POST', '/zones', { as: admin, body: { name } });
      assert.equal(r.status, 201, `${name}: ${r.body}`);
    }
  });
});

test('a Unicode domain name is added, stored and served in its A-label (xn--) form', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const r = await w.request('POST', '/zones', { as: admin, body: { name: 'Bücher.test' } });
    assert.equal(r.status, 201, r.body);
    assert.equal(Zone.parse(r.json).name, 'xn--bcher-kva.test');
    assert.deepEqual(
      (await w.store.listZones()).map((z) => z.name.toString()),
      ['xn--bcher-kva.test.'],
    );
    assert.equal(w.answer('xn--bcher-kva.test', RRType.SOA).kind, 'answer');
    // Either form names the domain afterwards; adding it again in the other form is a duplicate.
    const byUnicode = await w.request('GET', `/zones/${encodeURIComponent('bücher.test')}`, { as: admin });
    assert.equal(Zone.parse(byUnicode.json).name, 'xn--bcher-kva.test');
    expectProblem(
      await w.request('POST', '/zones', { as: admin, body: { name: 'xn--bcher-kva.test' } }),
      409,
      'ERR_ZONE_EXISTS',
    );
    // What IDNA would quietly cut off or cannot convert is refused.
    for (const name of ['bücher.test/x', 'bü cher.test', 'bücher.1']) {
      expectProblem(
        await w.request('POST', '/zones', { as: admin, body: { name } }),
        400,
        'ERR_ZONE_NAME_INVALID',
      );
    }
    assert.equal((await w.store.listZones()).length, 1);
  });
});

test("one account never sees or changes another account's domain", async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const alice = await w.addAccount(admin, 'alice@example.test');
    const bob = await w.addAccount(admin, 'bob@example.test');
    assert.equal(
      (await w.request('POST', '/zones', { as: alice, body: { name: 'alice.test' } })).status,
      201,
    );
    const serial = w.serial('alice.test');
    assert.deepEqual((await w.request('GET', '/zones', { as: bob })).json, []);
    assert.deepEqual(
      (await w.request('GET', '/zones', { as: admin })).json,
      [],
      'administrators see only their own and unowned domains',
    );
    for (const [method, path, body] of [
      ['GET', '/zones/alice.test', undefined],
      ['PATCH', '/zones/alice.test', { nsMode: 'custom', nameServers: ['ns.evil.example'] }],
      ['DELETE', '/zones/alice.test', undefined],
      ['GET', '/zones/alice.test/records', undefined],
      ['POST', '/zones/alice.test/records', { name: 'www', type: 'A', value: '192.0.2.66' }],
      ['GET', '/zones/alice.test/hosts', undefined],
      ['POST', '/zones/alice.test/hosts', { name: 'evil' }],
    ] as const) {
      expectProblem(await w.request(method, path, { as: bob, body }), 404, 'ERR_ZONE_NOT_FOUND');
    }
    // Bob cannot take over names inside (or around) Alice's domain either.
    expectProblem(
      await w.request('POST', '/zones', { as: bob, body: { name: 'sub.alice.test' } }),
      409,
      'ERR_ZONE_OVERLAP',
    );
    await w.request('POST', '/zones', { as: alice, body: { name: 'inner.alice2.test' } });
    expectProblem(
      await w.request('POST', '/zones', { as: bob, body: { name: 'alice2.test' } }),
      409,
      'ERR_ZONE_OVERLAP',
    );
    assert.equal(w.serial('alice.test'), serial, 'nothing changed');
    assert.equal(w.catalog.size, 2);
    // Alice herself may add a zone below her own.
    assert.equal(
      (await w.request('POST', '/zones', { as: alice, body: { name: 'sub.alice.test' } })).status,
      201,
    );
  });
});

test("an overlap names the caller's own domain but never another account's", async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const bob = await w.addAccount(admin, 'bob@example.test');
    await w.services.zoneAdmin.createZone('demo.test'); // the operator's, which the administrator manages
    await w.services.zoneAdmin.createZone('dyn.outer.test');
    assert.equal((await w.request('POST', '/zones', { as: admin, body: { name: 'home.test' } })).status, 201);
    const detail = async (as: typeof admin, name: string): Promise<string> => {
      const r = await w.request('POST', '/zones', { as, body: { name } });
      expectProblem(r, 409, 'ERR_ZONE_OVERLAP');
      return ProblemDocument.parse(r.json).detail;
    };
    assert.equal(
      await detail(admin, 'www.demo.test'),
      'www.demo.test is inside your domain demo.test: add its names as records of demo.test instead',
    );
    assert.match(
      await detail(admin, 'outer.test'),
      /^outer\.test would contain your domain dyn\.outer\.test, /,
    );
    assert.equal(
      await detail(bob, 'x.home.test'),
      'x.home.test overlaps a domain that another account hosts here',
    );
    assert.equal(
      await detail(bob, 'x.demo.test'),
      'x.demo.test overlaps a domain that another account hosts here',
    );
    assert.doesNotMatch(await detail(bob, 'outer.test'), /dyn/, "another account's domain is not named");
    assert.equal((await w.store.listZones()).length, 3, 'nothing was created');
  });
});

test('unowned domains (created by the operator) are visible to administrators only', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    const bob = await w.addAccount(admin, 'bob@example.test');
    await w.services.zoneAdmin.createZone('operator.test');
    assert.deepEqual(
      (await w.request('GET', '/zones', { as: admin })).json.map((z: { name: string }) => z.name),
      ['operator.test'],
    );
    assert.deepEqual((await w.request('GET', '/zones', { as: bob })).json, []);
    expectProblem(await w.request('GET', '/zones/operator.test', { as: bob }), 404, 'ERR_ZONE_NOT_FOUND');
  });
});

test('switching name-server mode rewrites the served NS through the zone editor and moves the serial', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    await w.request('POST', '/zones', { as: admin, body: { name: 'flip.test' } });
    const s0 = w.serial('flip.test')!;
    const custom = await w.request('PATCH', '/zones/flip.test', {
      as: admin,
      body: { nsMode: 'custom', nameServers: ['ns1.elsewhere.example'] },
    });
    assert.equal(custom.status, 200, custom.body);
    assert.equal(Zone.parse(custom.json).nsMode, 'custom');
    assert.deepEqual(w.answer('flip.test', RRType.NS).values, ['ns1.elsewhere.example.']);
    assert.ok(w.serial('flip.test')! > s0);
    assert.equal((await w.store.getZone(DnsName.parse('flip.test.')))!.nsMode, 'custom');
    expectProblem(
      await w.request('PATCH', '/zones/flip.test', { as: admin, body: { nsMode: 'custom' } }),
      400,
      'ERR_ZONE_NS_REQUIRED',
    );
    const back = await w.request('PATCH', '/zones/flip.test', { as: admin, body: { nsMode: 'default' } });
    assert.equal(Zone.parse(back.json).nsMode, 'default');
    assert.deepEqual(w.answer('flip.test', RRType.NS).values, ['ns1.flip.test.']);
    // The journal carries the changes for other processes.
    const journal = await w.store.readJournal(0, 100);
    assert.deepEqual(
      journal.map((j) => j.kind),
      ['create', 'changeset', 'changeset'],
    );
  });
});

test('a domain with dynamic DNS records cannot switch to custom name servers; nothing changes', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    await w.request('POST', '/zones', { as: admin, body: { name: 'home.test' } });
    const created = await w.request('POST', '/zones/home.test/hosts', { as: admin, body: { name: 'nas' } });
    await w.request('POST', '/zones/home.test/hosts', { as: admin, body: { name: 'cam' } });
    const { username, password } = created.json.credentials;
    assert.equal(
      (await w.nicUpdate(username, password, 'hostname=nas.home.test&myip=192.0.2.9')).body,
      'good 192.0.2.9\n',
    );
    const serial = w.serial('home.test');
    const r = await w.request('PATCH', '/zones/home.test', {
      as: admin,
      body: { nsMode: 'custom', nameServers: ['ns1.elsewhere.example'] },
    });
    expectProblem(r, 409, 'ERR_ZONE_CUSTOM_NS');
    assert.equal(
      ProblemDocument.parse(r.json).detail,
      "home.test has 2 dynamic DNS records (cam.home.test, nas.home.test), which need Dynzone's name servers: delete its 2 dynamic DNS records first, then switch to custom name servers",
    );
    // Nothing changed: the mode, the NS, the serial, and the hosts still update and are served.
    assert.equal((await w.store.getZone(DnsName.parse('home.test.')))!.nsMode, 'default');
    assert.equal(w.serial('home.test'), serial);
    assert.deepEqual(w.answer('home.test', RRType.NS).values, ['ns1.home.test.']);
    assert.deepEqual(w.answer('nas.home.test', RRType.A).values, ['192.0.2.9']);
    assert.equal(
      (await w.nicUpdate(username, password, 'hostname=nas.home.test&myip=192.0.2.10')).body,
      'good 192.0.2.10\n',
    );
    // Once the records are gone the switch is allowed.
    for (const h of ['nas', 'cam'])
      assert.equal(
        (await w.request('DELETE', `/zones/home.test/hosts/${h}.home.test`, { as: admin })).status,
        204,
      );
    const ok = await w.request('PATCH', '/zones/home.test', {
      as: admin,
      body: { nsMode: 'custom', nameServers: ['ns1.elsewhere.example'] },
    });
    assert.equal(ok.status, 200, ok.body);
  });
});

test('deleting a domain removes it, its hosts and their logins, and the name server stops answering', async () => {
  await withWorld(async (w) => {
    const admin = await w.setUp();
    await w.request('POST', '/zones', { as: admin, body: { name: 'gone.test' } });
    const host = await w.request('POST', '/zones/gone.test/hosts', { as: admin, body: { name: 'home' } });
    const { username, password } = host.json.credentials;
    assert.equal(
      (await w.nicUpdate(username, password, 'hostname=home.gone.test&myip=192.0.2.7')).body,
      'good 192.0.2.7\n',
    );
    assert.deepEqual(w.answer('home.gone.test', RRType.A).values, ['192.0.2.7']);
    const del = await w.request('DELETE', '/zones/gone.test', { as: admin });
    assert.equal(del.status, 204);
    assert.equal(w.answer('home.gone.test', RRType.A).kind, 'refused');
    assert.equal(await w.hosts.getCredentialByUsername(username), undefined, 'the login is gone too');
    expectProblem(await w.request('GET', '/zones/gone.test', { as: admin }), 404, 'ERR_ZONE_NOT_FOUND');
    assert.equal((await w.nicUpdate(username, password, 'hostname=home.gone.test')).status, 401);
  });
});

test('without a session or token every domain route answers 401 and changes nothing', async () => {
  await withWorld(async (w) => {
    await w.setUp();
    expectProblem(await w.request('GET', '/zones', { as: ANONYMOUS }), 401, 'ERR_AUTH_REQUIRED');
    expectProblem(
      await w.request('POST', '/zones', { as: ANONYMOUS, body: { name: 'anon.test' } }),
      401,
      'ERR_AUTH_REQUIRED',
    );
    assert.equal((await w.store.listZones()).length, 0);
  });
});

// REST API tests for resource records: each add, edit and delete is served at once with a new serial and
// journalled; the name server's semantic checks refuse bad changes (422, nothing changes); bad input gets
// a problem naming the field; records Dynzone maintains cannot be touched; another account gets 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RRType } from '../../dns/constants.js';
import { expectProblem, withZone } from './api-testkit.js';
import { Record, RecordChange, SerialChange } from './schemas.js';

const R = '/zones/example.test/records';

test('adding an A record serves it at once, bumps the serial and journals the change', async () => {
  await withZone(async (w, admin) => {
    const s0 = w.serial('example.test')!;
    const r = await w.request('POST', R, {
      as: admin,
      body: { name: 'www', type: 'a', value: '192.0.2.80', ttl: 300 },
    });
    assert.equal(r.status, 201, r.body);
    const c = RecordChange.parse(r.json);
    assert.equal(c.serial, s0 + 1);
    assert.deepEqual(
      {
        name: c.record.name,
        fqdn: c.record.fqdn,
        type: c.record.type,
        ttl: c.record.ttl,
        value: c.record.value,
      },
      { name: 'www', fqdn: 'www.example.test', type: 'A', ttl: 300, value: '192.0.2.80' },
    );
    assert.deepEqual(w.answer('www.example.test', RRType.A).values, ['192.0.2.80']);
    assert.equal(w.serial('example.test'), s0 + 1);
    const last = (await w.store.readJournal(0, 100)).at(-1)!;
    assert.equal(last.kind, 'changeset');
    assert.equal(last.toSerial, s0 + 1);
    const list = Record.array().parse((await w.request('GET', R, { as: admin })).json);
    assert.deepEqual(
      list.map((x) => `${x.name} ${x.type} ${x.managedBy ?? '-'}`),
      ['@ SOA soa', '@ NS name-servers', 'www A -'],
    );
    // The same record again is refused and changes nothing.
    expectProblem(
      await w.request('POST', R, { as: admin, body: { name: 'www', type: 'A', value: '192.0.2.80' } }),
      409,
      'ERR_RECORD_EXISTS',
    );
    assert.equal(w.serial('example.test'), s0 + 1);
  });
});

test('every record type the console offers can be added and is served', async () => {
  await withZone(async (w, admin) => {
    for (const [name, type, value, served] of [
      ['@', 'MX', '10 mail', '10 mail.example.test.'],
      ['@', 'TXT', 'v=spf1 -all', '"v=spf1 -all"'],
      ['_sip._tcp', 'SRV', '10 5 5060 sip.example.test.', '10 5 5060 sip.example.test.'],
      ['@', 'CAA', '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'],
      ['v6', 'AAAA', '2001:db8::80', '2001:db8::80'],
      ['alias', 'CNAME', 'www.example.net.', 'www.example.net.'],
      ['sub', 'NS', 'ns1.example.net.', 'ns1.example.net.'],
      ['1', 'PTR', 'host.example.test.', 'host.example.test.'],
      ['opaque', 'TYPE65000', '\\# 2 abcd', '\\# 2 abcd'],
    ] as const) {
      const r = await w.request('POST', R, { as: admin, body: { name, type, value } });
      assert.equal(r.status, 201, `${type}: ${r.body}`);
      const fqdn = name === '@' ? 'example.test' : `${name}.example.test`;
      const t = type === 'TYPE65000' ? 65000 : RRType[type as keyof typeof RRType];
      if (type === 'NS') {
        assert.equal(w.answer(`x.${fqdn}`, RRType.A).kind, 'referral');
      } else {
        assert.ok(
          w.answer(fqdn, t).values.includes(served),
          `${type} served: ${JSON.stringify(w.answer(fqdn, t))}`,
        );
      }
    }
  });
});

test('the name server’s checks refuse a CNAME beside other data (422) and nothing changes', async () => {
  await withZone(async (w, admin) => {
    await w.request('POST', R, { as: admin, body: { name: 'www', type: 'A', value: '192.0.2.80' } });
    const s = w.serial('example.test');
    const journal = (await w.store.readJournal(0, 100)).length;
    const r = await w.request('POST', R, {
      as: admin,
      body: { name: 'www', type: 'CNAME', value: 'other.example.net.' },
    });
    const p = expectProblem(r, 422, 'ERR_ZONE_CHECK');
    assert.ok(p.problems && p.problems.length > 0 && /CNAME/.test(p.detail), p.detail);
    assert.equal(w.serial('example.test'), s);
    assert.deepEqual(w.answer('www.example.test', RRType.A).values, ['192.0.2.80']);
    assert.equal((await w.store.readJournal(0, 100)).length, journal);
    // Also at the apex: a CNAME there would sit beside the SOA and NS.
    expectProblem(
      await w.request('POST', R, { as: admin, body: { name: '@', type: 'CNAME', value: 'x.example.net.' } }),
      422,
      'ERR_ZONE_CHECK',
    );
  });
});

test('bad input names the field, and nothing changes', async () => {
  await withZone(async (w, admin) => {
    const s = w.serial('example.test');
    for (const [body, code] of [
      [{ name: 'www', type: 'A', value: '192.0.2' }, 'ERR_RECORD_VALUE_INVALID'],
      [{ name: 'www', type: 'AAAA', value: '192.0.2.1' }, 'ERR_RECORD_VALUE_INVALID'],
      [{ name: 'www', type: 'MX', value: 'mail' }, 'ERR_RECORD_VALUE_INVALID'],
      [{ name: 'www', type: 'SOA', value: 'a. b. 1 2 3 4 5' }, 'ERR_RECORD_TYPE_UNSUPPORTED'],
      [{ name: 'www', type: 'BOGUS', value: 'x' }, 'ERR_RECORD_TYPE_UNSUPPORTED'],
      [{ name: 'www', type: 'TYPE250', value: '\\# 0' }, 'ERR_RECORD_TYPE_UNSUPPORTED'],
      [{ name: 'www', type: 'ANY', value: '\\# 0' }, 'ERR_RECORD_TYPE_UNSUPPORTED'],
      [{ name: 'www', type: 'TYPE65280', value: '\\# 0' }, 'ERR_RECORD_TYPE_UNSUPPORTED'],
      [{ name: 'www', type: 'TYPE65000', value: 'abcd' }, 'ERR_RECORD_VALUE_INVALID'],
      [{ name: 'www.other.test.', type: 'A', value: '192.0.2.1' }, 'ERR_OWNER_INVALID'],
      [{ name: 'bad name', type: 'A', value: '192.0.2.1' }, 'ERR_OWNER_INVALID'],
      [{ name: 'www', type: 'A', value: '192.0.2.1', ttl: -1 }, 'ERR_VALIDATION'],
      [{ name: 'www', type: 'A', value: '192.0.2.1', ttl: 1.5 }, 'ERR_VALIDATION'],
      [{ name: 'www', type: 'A' }, 'ERR_VALIDATION'],
    ] as const) {
      const p = expectProblem(await w.request('POST', R, { as: admin, body }), 400, code);
      if (code === 'ERR_VALIDATION')
        assert.ok(
          p.errors!.some((e) => ['ttl', 'value'].includes(e.path)),
          JSON.stringify(p.errors),
        );
    }
    assert.equal(w.serial('example.test'), s);
    assert.equal(w.answer('www.example.test', RRType.A).kind, 'nxdomain');
  });
});

test('editing replaces a record in one change; a new TTL applies to its whole RRset', async () => {
  await withZone(async (w, admin) => {
    const a = RecordChange.parse(
      (await w.request('POST', R, { as: admin, body: { name: 'www', type: 'A', value: '192.0.2.1' } })).json,
    );
    await w.request('POST', R, { as: admin, body: { name: 'www', type: 'A', value: '192.0.2.2' } });
    const s = w.serial('example.test')!;
    const put = await w.request('PUT', `${R}/${a.record.id}`, {
      as: admin,
      body: { name: 'www', type: 'A', value: '192.0.2.10', ttl: 120 },
    });
    assert.equal(put.status, 200, put.body);
    const c = RecordChange.parse(put.json);
    assert.equal(c.serial, s + 1, 'one change, one serial step');
    assert.deepEqual(w.answer('www.example.test', RRType.A).values, ['192.0.2.10', '192.0.2.2']);
    const set = w.catalog
      .findZone((await import('../../dns/name.js')).DnsName.parse('www.example.test.'))!
      .getRRset((await import('../../dns/name.js')).DnsName.parse('www.example.test.'), RRType.A)!;
    assert.equal(set.ttl, 120);
    const stored = (
      await w.store.loadZoneRecords((await import('../../dns/name.js')).DnsName.parse('example.test.'))
    ).filter((r) => r.type === RRType.A);
    assert.deepEqual(
      stored.map((r) => r.ttl),
      [120, 120],
      'the store keeps one TTL per RRset too',
    );
    // The old id is gone; editing it again is refused.
    expectProblem(
      await w.request('PUT', `${R}/${a.record.id}`, {
        as: admin,
        body: { name: 'www', type: 'A', value: '192.0.2.11' },
      }),
      404,
      'ERR_RECORD_NOT_FOUND',
    );
    // An edit that breaks the zone changes nothing.
    await w.request('POST', R, { as: admin, body: { name: 'web', type: 'CNAME', value: 'www' } });
    const cname = Record.array()
      .parse((await w.request('GET', R, { as: admin })).json)
      .find((x) => x.type === 'CNAME')!;
    const s2 = w.serial('example.test');
    expectProblem(
      await w.request('PUT', `${R}/${c.record.id}`, {
        as: admin,
        body: { name: 'web', type: 'A', value: '192.0.2.12' },
      }),
      422,
      'ERR_ZONE_CHECK',
    );
    assert.equal(w.serial('example.test'), s2);
    assert.deepEqual(w.answer('www.example.test', RRType.A).values, ['192.0.2.10', '192.0.2.2']);
    assert.ok(cname);
  });
});

test('deleting a record stops it being served at once', async () => {
  await withZone(async (w, admin) => {
    const a = RecordChange.parse(
      (await w.request('POST', R, { as: admin, body: { name: 'www', type: 'A', value: '192.0.2.1' } })).json,
    );
    const del = await w.request('DELETE', `${R}/${a.record.id}`, { as: admin });
    assert.equal(del.status, 200);
    assert.equal(SerialChange.parse(del.json).serial, w.serial('example.test'));
    assert.equal(w.answer('www.example.test', RRType.A).kind, 'nxdomain');
    expectProblem(
      await w.request('DELETE', `${R}/${a.record.id}`, { as: admin }),
      404,
      'ERR_RECORD_NOT_FOUND',
    );
    expectProblem(await w.request('DELETE', `${R}/garbage`, { as: admin }), 404, 'ERR_RECORD_NOT_FOUND');
  });
});

test('records Dynzone maintains cannot be edited or deleted by hand, nor shadowed at a dynamic host', async () => {
  await withZone(async (w, admin) => {
    const list = Record.array().parse((await w.request('GET', R, { as: admin })).json);
    const soa = list.find((x) => x.type === 'SOA')!;
    const ns = list.find((x) => x.type === 'NS')!;
    const s = w.serial('example.test');
    expectProblem(await w.request('DELETE', `${R}/${soa.id}`, { as: admin }), 409, 'ERR_RECORD_MANAGED');
    expectProblem(await w.request('DELETE', `${R}/${ns.id}`, { as: admin }), 409, 'ERR_RECORD_MANAGED');
    expectProblem(
      await w.request('PUT', `${R}/${ns.id}`, {
        as: admin,
        body: { name: '@', type: 'NS', value: 'ns.evil.example.' },
      }),
      409,
      'ERR_RECORD_MANAGED',
    );
    expectProblem(
      await w.request('POST', R, { as: admin, body: { name: '@', type: 'NS', value: 'ns2.example.net.' } }),
      409,
      'ERR_RECORD_MANAGED',
    );
    assert.equal(w.serial('example.test'), s);

    const host = await w.request('POST', '/zones/example.test/hosts', { as: admin, body: { name: 'home' } });
    const { username, password } = host.json.credentials;
    await w.nicUpdate(username, password, 'hostname=home.example.test&myip=192.0.2.50');
    const hostA = Record.array()
      .parse((await w.request('GET', R, { as: admin })).json)
      .find((x) => x.fqdn === 'home.example.test')!;
    assert.equal(hostA.managedBy, 'dynamic-host');
    expectProblem(await w.request('DELETE', `${R}/${hostA.id}`, { as: admin }), 409, 'ERR_RECORD_MANAGED');
    for (const [type, value] of [
      ['A', '192.0.2.51'],
      ['AAAA', '2001:db8::51'],
      ['CNAME', 'www.example.net.'],
    ] as const) {
      const p = expectProblem(
        await w.request('POST', R, { as: admin, body: { name: 'home', type, value } }),
        409,
        'ERR_RECORD_MANAGED',
      );
      assert.match(p.detail, /dynamic DNS record/);
    }
    // Nor replaced by another value, nor delegated away at or above the host's name.
    expectProblem(
      await w.request('PUT', `${R}/${hostA.id}`, {
        as: admin,
        body: { name: 'home', type: 'A', value: '192.0.2.52' },
      }),
      409,
      'ERR_RECORD_MANAGED',
    );
    await w.request('POST', '/zones/example.test/hosts', { as: admin, body: { name: 'nas.lan' } });
    for (const name of ['home', 'lan']) {
      const p = expectProblem(
        await w.request('POST', R, { as: admin, body: { name, type: 'NS', value: 'ns.example.net.' } }),
        409,
        'ERR_RECORD_MANAGED',
      );
      assert.match(p.detail, /dynamic DNS record: an NS at .* would delegate its name away/);
    }
    // Other types beside a dynamic host are fine.
    const txt = await w.request('POST', R, {
      as: admin,
      body: { name: 'home', type: 'TXT', value: 'my router' },
    });
    assert.equal(txt.status, 201);
    // ...but a TXT record cannot be turned into an address at the host's name.
    expectProblem(
      await w.request('PUT', `${R}/${RecordChange.parse(txt.json).record.id}`, {
        as: admin,
        body: { name: 'home', type: 'A', value: '192.0.2.53' },
      }),
      409,
      'ERR_RECORD_MANAGED',
    );
    assert.deepEqual(w.answer('home.example.test', RRType.A).values, ['192.0.2.50']);
  });
});

test("another account can neither read nor change this domain's records", async () => {
  await withZone(async (w, admin) => {
    const bob = await w.addAccount(admin, 'bob@example.test');
    const a = RecordChange.parse(
      (await w.request('POST', R, { as: admin, body: { name: 'www', type: 'A', value: '192.0.2.1' } })).json,
    );
    const s = w.serial('example.test');
    expectProblem(await w.request('GET', R, { as: bob }), 404, 'ERR_ZONE_NOT_FOUND');
    expectProblem(
      await w.request('PUT', `${R}/${a.record.id}`, {
        as: bob,
        body: { name: 'www', type: 'A', value: '192.0.2.66' },
      }),
      404,
      'ERR_ZONE_NOT_FOUND',
    );
    expectProblem(await w.request('DELETE', `${R}/${a.record.id}`, { as: bob }), 404, 'ERR_ZONE_NOT_FOUND');
    assert.equal(w.serial('example.test'), s);
    assert.deepEqual(w.answer('www.example.test', RRType.A).values, ['192.0.2.1']);
  });
});

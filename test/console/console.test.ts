// The console tried as a new user would, in Debian's Chromium driven by playwright-core, against a real
// `dynzone serve` (DNS workers, HTTPS, the SQLite store): first-run set-up, sign-out and sign-in, add a
// domain, add an A record (served: dig), create a dynamic DNS record, view its credentials, use them with
// curl (good), see the new address and the history after a reload, regenerate (the old login gets
// badauth), delete it (dig: NXDOMAIN). Also: refusals are shown, a custom-NS domain explains why dynamic
// DNS is unavailable, phone-sized screens do not scroll sideways. Screenshots go to test-artifacts/console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/clients-dynzone.js';
import { digAddress } from '../helpers/clients-dig.js';
import { runProgram } from '../helpers/clients-process.js';
import { findFreePort } from '../helpers/ports.js';

const CHROMIUM = process.env['DYNZONE_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'console');
// The flags this machine needs (no sandbox as root, no network beyond loopback): see docs of the CI image.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const EMAIL = 'owner@example.test';
const PASSWORD = 'a long console password';

async function curlUpdate(
  port: number,
  caFile: string,
  user: string,
  password: string,
  query: string,
): Promise<{ status: number; body: string }> {
  const r = await runProgram(
    'curl',
    [
      '-sS',
      '--cacert',
      caFile,
      '-u',
      `${user}:${password}`,
      '-w',
      '\n%{http_code}',
      `https://127.0.0.1:${port}/nic/update?${query}`,
    ],
    { timeoutMs: 15_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const status = Number(lines.pop());
  return { status, body: lines.join('\n').trim() };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function noSidewaysScroll(page: Page): Promise<void> {
  // A string, so this Node-side file needs no DOM typings.
  const [scroll, width] = (await page.evaluate(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  )) as [number, number];
  assert.ok(scroll <= width, `the page scrolls sideways: ${scroll} > ${width}`);
}

test(
  'a new user manages a domain and a dynamic DNS record from the console',
  {
    timeout: 240_000,
    skip: existsSync(CHROMIUM)
      ? false
      : `no Chromium at ${CHROMIUM} (scripts/install-system-deps.sh installs it)`,
  },
  async (t) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'dz-console-'));
    const dataDir = join(dir, 'data');
    const dnsPort = await findFreePort();
    const httpsPort = await findFreePort();
    // Filled in as things start, so the cleanup stops whatever did start.
    const running: { serve?: ServeProcess; context?: BrowserContext } = {};
    t.after(async () => {
      await running.context?.close().catch(() => undefined);
      await running.serve?.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    running.serve = await startServe({
      dataDir,
      dnsListen: `127.0.0.1:${dnsPort}`,
      httpsListen: `127.0.0.1:${httpsPort}`,
    });
    const caFile = join(dataDir, 'tls-cert.pem'); // the self-signed certificate serve made (SAN 127.0.0.1)
    const origin = `https://127.0.0.1:${httpsPort}`;

    const context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      ignoreHTTPSErrors: true, // the self-signed certificate; curl below verifies it properly
      viewport: { width: 1280, height: 900 },
    });
    running.context = context;
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) pageErrors.push(m.text());
    });
    let login = { username: '', password: '' };

    await t.test('first-run set-up creates the administrator and signs in', async () => {
      await page.goto(`${origin}/`);
      await page.getByRole('heading', { name: 'Set up Dynzone' }).waitFor();
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill(PASSWORD);
      await shot(page, '01-setup');
      // Empty fields are named before anything is sent: which one is empty, once.
      await page.getByLabel('Email').fill('');
      await page.getByLabel('Password').fill('');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const empty = page.getByRole('alert');
      await empty.filter({ hasText: 'Email and password are required.' }).waitFor();
      assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await empty.filter({ hasText: /^Email is required\.$/ }).waitFor();
      await page.getByLabel('Email').fill(EMAIL);
      // A refusal first: too short a password is explained and nothing is created.
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'at least 8 characters' }).waitFor();
      const setup = await page.request.get(`${origin}/api/v1/setup`);
      assert.deepEqual(await setup.json(), { needed: true }, 'the refused set-up created no account');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Your domains' }).waitFor();
      await page.getByText(EMAIL).waitFor();
    });

    await t.test('sign out, then a wrong password is refused and the right one signs in', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Dynzone' }).waitFor();
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const wrong = page.getByRole('alert').filter({ hasText: 'not correct' });
      await wrong.waitFor();
      assert.equal(
        (await wrong.innerText()).trim(),
        'The email or the password is not correct.',
        'the title is not repeated in other words',
      );
      await shot(page, '02-sign-in');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Your domains' }).waitFor();
    });

    await t.test('add a domain: its page names the name servers to set at the registrar', async () => {
      await page.getByRole('button', { name: 'Add domain' }).click();
      // With Dynzone's name servers there is no list of one's own to type (nor to be ignored).
      assert.equal(await page.getByLabel('Name servers at your DNS provider').isVisible(), false);
      assert.equal(await page.getByLabel('Name servers at your DNS provider').isEditable(), false);
      await page.getByLabel('Domain name').fill('bad_name.test');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('alert').filter({ hasText: 'must be letters, digits' }).waitFor();
      await page.getByLabel('Domain name').fill('example.test');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'example.test', level: 1 }).waitFor();
      await page
        .getByRole('list', { name: 'Name servers to set at the registrar' })
        .getByText('ns1.example.test')
        .waitFor();
      const soa = await digAddress(dnsPort, 'example.test', 'A');
      assert.equal(soa.status, 'NOERROR', 'the new domain is served at once');
      assert.ok(soa.authoritative);
      await page.getByRole('link', { name: 'Your domains' }).click();
      await page.getByRole('link', { name: 'example.test' }).waitFor();
      await shot(page, '03-domains');
      await page.getByRole('link', { name: 'example.test' }).click();
      await page.getByRole('heading', { name: 'example.test', level: 1 }).waitFor();
    });

    await t.test('add an A record: dig gets it at once; a refused change says why', async () => {
      await page.getByRole('button', { name: 'Add record' }).click();
      // The full name shows as the owner is typed: a relative name gets the domain appended.
      await page.getByLabel('Name', { exact: true }).fill('www.other.test');
      await page.getByText('Will be created as www.other.test.example.test').waitFor();
      await page.getByLabel('Name', { exact: true }).fill('www');
      await page.getByText('Will be created as www.example.test').waitFor();
      await page.getByLabel('Type').selectOption('A');
      await page.getByLabel('Value').fill('192.0.2.80');
      // A TTL that is not a whole number: one plain sentence naming the field, said once.
      await page.getByLabel('TTL').fill('1.5');
      await page.getByRole('button', { name: 'Save' }).click();
      const ttl = page
        .getByRole('alert')
        .filter({ hasText: 'TTL must be a whole number from 0 to 2147483647' });
      await ttl.waitFor();
      assert.equal(
        (await ttl.innerText()).replace(/\s+/g, ' ').trim(),
        'The request is not valid. TTL must be a whole number from 0 to 2147483647.',
      );
      await page.getByLabel('TTL').fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Added www.example.test A 192.0.2.80' }).waitFor();
      // Edit and Delete sit side by side, so a record's row stays one line high.
      const row = page.getByRole('row').filter({ hasText: '192.0.2.80' });
      const edit = await row.getByRole('button', { name: 'Edit' }).boundingBox();
      const del = await row.getByRole('button', { name: 'Delete' }).boundingBox();
      assert.ok(
        edit && del && Math.abs(edit.y - del.y) < 2 && del.x > edit.x,
        'Edit and Delete side by side',
      );
      assert.ok((await row.boundingBox())!.height < 60, 'a record row is one line high');
      // Each row's buttons are named after their record, so they are told apart outside the row too.
      for (const action of ['Edit', 'Delete'])
        assert.equal(
          await page
            .getByRole('button', { name: `${action} www.example.test A 192.0.2.80`, exact: true })
            .count(),
          1,
          `one "${action}" button for www.example.test A 192.0.2.80`,
        );
      const tag = page.getByText('Maintained by Dynzone').first();
      assert.ok((await tag.boundingBox())!.height < 30, 'the tag stays on one line');
      const www = await digAddress(dnsPort, 'www.example.test', 'A');
      assert.deepEqual(www.addresses, ['192.0.2.80']);
      // A CNAME beside the A record is refused by the name server's checks, with the reason shown.
      await page.getByRole('button', { name: 'Add record' }).click();
      await page.getByLabel('Name', { exact: true }).fill('www');
      await page.getByLabel('Type').selectOption('CNAME');
      await page.getByLabel('Value').fill('other.example.net.');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('alert').filter({ hasText: 'CNAME' }).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();
      assert.deepEqual((await digAddress(dnsPort, 'www.example.test', 'A')).addresses, ['192.0.2.80']);
      await shot(page, '04-domain-records');
    });

    await t.test('create a dynamic DNS record and view its credentials and client settings', async () => {
      await page.getByRole('button', { name: 'Manage dynamic DNS' }).click();
      await page.getByRole('button', { name: 'Create new record' }).click();
      await page.getByLabel('Hostname').fill('home.example.test');
      await page.getByText('Will be created as home.example.test').waitFor();
      await page.getByLabel('Hostname').fill('home');
      await page.getByText('Will be created as home.example.test').waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'Credentials for home.example.test' }).waitFor();
      await page.getByText('you can see them again at any time under "View credentials"').waitFor();
      // The row's disclosure button is named by the host name alone; its state is aria-expanded.
      const toggle = page.getByRole('button', { name: 'home.example.test', exact: true });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      login = {
        username: await page.getByLabel('Username').inputValue(),
        password: await page.getByLabel('Password').inputValue(),
      };
      assert.match(login.username, /^home-[a-z0-9]{8}$/);
      assert.match(login.password, /^[A-Za-z0-9]{24}$/);
      await page.getByRole('button', { name: 'Hide credentials' }).click();
      await page.getByRole('button', { name: 'View credentials' }).click();
      await page.getByRole('heading', { name: 'Credentials for home.example.test' }).waitFor();
      assert.equal(await page.getByLabel('Password').inputValue(), login.password);
      for (const title of [
        'ddclient (protocol=dyndns2)',
        'ddclient (protocol=googledomains)',
        'inadyn',
        'curl',
      ]) {
        await page.getByRole('heading', { name: title, exact: true }).waitFor();
        await page.getByRole('button', { name: `Copy ${title} settings` }).waitFor();
      }
      const snippets = await page.locator('pre.snippet').allTextContents();
      assert.ok(snippets[0]!.includes(`server=127.0.0.1:${httpsPort}`), snippets[0]);
      assert.ok(snippets[0]!.includes('protocol=dyndns2'));
      assert.ok(snippets[1]!.includes('protocol=googledomains'));
      assert.ok(snippets[2]!.includes(`ddns-server    = 127.0.0.1:${httpsPort}`), snippets[2]);
      assert.ok(
        snippets[3]!.includes(`https://127.0.0.1:${httpsPort}/nic/update?hostname=home.example.test`),
      );
      assert.match(snippets[3]!, /^curl -sS --cacert tls-cert\.pem /m, 'curl prints only the answer');
      assert.match(snippets[0]!, /data\/tls-cert\.pem[^\n]*to \/etc\/ddclient\/dynzone-cert\.pem\n/);
      assert.match(snippets[0]!, /^ssl_ca_file=\/etc\/ddclient\/dynzone-cert\.pem$/m);
      await page.getByRole('button', { name: 'Copy password' }).click();
      await page
        .getByText('Password copied to the clipboard.')
        .or(page.getByText('copy the password by hand'))
        .waitFor();
      await shot(page, '05-dynamic-dns-credentials');
    });

    await t.test(
      'the credentials work with curl; after a reload the console shows the address and history',
      async () => {
        const up = await curlUpdate(
          httpsPort,
          caFile,
          login.username,
          login.password,
          'hostname=home.example.test&myip=203.0.113.7',
        );
        assert.deepEqual(up, { status: 200, body: 'good 203.0.113.7' });
        assert.deepEqual((await digAddress(dnsPort, 'home.example.test', 'A')).addresses, ['203.0.113.7']);
        await page.reload();
        const item = page
          .getByRole('listitem')
          .filter({ has: page.getByRole('button', { name: 'home.example.test' }) });
        await item.getByText('203.0.113.7').first().waitFor();
        const history = page.getByRole('table', { name: 'Update history of home.example.test' });
        await history.getByRole('cell', { name: 'good 203.0.113.7' }).waitFor();
        await history.getByText('IPv4 — → 203.0.113.7').waitFor();
        await item.getByText('1 update, 0 unchanged requests').waitFor();
        await shot(page, '06-after-update');
      },
    );

    await t.test(
      'regenerate (after confirming): the old credentials get badauth, the new ones work',
      async () => {
        const item = page
          .getByRole('listitem')
          .filter({ has: page.getByRole('button', { name: 'home.example.test', exact: true }) });
        const current = async (): Promise<string> => {
          const r = await page.request.get(
            `${origin}/api/v1/zones/example.test/hosts/home.example.test/credentials`,
          );
          return ((await r.json()) as { password: string }).password;
        };
        const dialog = page.getByRole('dialog', { name: 'Regenerate the credentials of home.example.test?' });
        // Escape and Cancel keep the credentials.
        await item.getByRole('button', { name: 'Regenerate', exact: true }).click();
        await dialog.waitFor();
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        await item.getByRole('button', { name: 'Regenerate', exact: true }).click();
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'detached' });
        assert.equal(await current(), login.password, 'cancelled: the credentials are unchanged');
        await item.getByRole('button', { name: 'Regenerate', exact: true }).click();
        await dialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
        await page.getByText('the old username and password no longer work').waitFor();
        await page
          .getByRole('table', { name: 'Update history of home.example.test' })
          .getByRole('cell', { name: 'credentials regenerated by the owner' })
          .waitFor();
        const fresh = {
          username: await page.getByLabel('Username').inputValue(),
          password: await page.getByLabel('Password').inputValue(),
        };
        assert.notEqual(fresh.password, login.password);
        const old = await curlUpdate(
          httpsPort,
          caFile,
          login.username,
          login.password,
          'hostname=home.example.test&myip=203.0.113.8',
        );
        assert.deepEqual(old, { status: 401, body: 'badauth' });
        const ok = await curlUpdate(
          httpsPort,
          caFile,
          fresh.username,
          fresh.password,
          'hostname=home.example.test&myip=203.0.113.8',
        );
        assert.deepEqual(ok, { status: 200, body: 'good 203.0.113.8' });
        assert.deepEqual((await digAddress(dnsPort, 'home.example.test', 'A')).addresses, ['203.0.113.8']);
      },
    );

    await t.test('offline and online change what the name server answers', async () => {
      await page.getByRole('button', { name: 'Take offline' }).click();
      await page.getByRole('button', { name: 'Bring online' }).waitFor();
      const off = await digAddress(dnsPort, 'home.example.test', 'A');
      assert.deepEqual([off.status, off.addresses], ['NOERROR', []]);
      await page.getByRole('button', { name: 'Bring online' }).click();
      await page.getByRole('button', { name: 'Take offline' }).waitFor();
      assert.deepEqual((await digAddress(dnsPort, 'home.example.test', 'A')).addresses, ['203.0.113.8']);
      // Unblock is offered only to a record blocked for abuse.
      assert.equal(await page.getByRole('button', { name: 'Unblock' }).isDisabled(), true);
    });

    await t.test('a phone-sized screen shows the same page without sideways scrolling', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('button', { name: 'View credentials' }).click();
      const password = page.getByLabel('Password');
      await password.waitFor();
      await noSidewaysScroll(page);
      const fits = await password.evaluate((el) => {
        const box = el as unknown as { scrollWidth: number; clientWidth: number };
        return box.scrollWidth <= box.clientWidth;
      });
      assert.ok(fits, 'the whole password shows in its box');
      await shot(page, '07-phone');
      await page
        .getByRole('region', { name: 'Credentials for home.example.test' })
        .screenshot({ path: join(ARTIFACTS, '07-phone-credentials.png') });
      await page.getByRole('button', { name: 'Hide credentials' }).click();
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await t.test('delete (after confirming): the name server stops answering it', async () => {
      const item = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('button', { name: 'home.example.test' }) });
      await item.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete home.example.test?' });
      await dialog.waitFor();
      await shot(page, '08-delete-confirmation');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      assert.deepEqual(
        (await digAddress(dnsPort, 'home.example.test', 'A')).addresses,
        ['203.0.113.8'],
        'cancel keeps it',
      );
      await item.getByRole('button', { name: 'Delete', exact: true }).click();
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Deleted home.example.test' }).waitFor();
      const gone = await digAddress(dnsPort, 'home.example.test', 'A');
      assert.equal(gone.status, 'NXDOMAIN');
      assert.equal(
        (await digAddress(dnsPort, 'www.example.test', 'A')).addresses[0],
        '192.0.2.80',
        'the rest stays',
      );
    });

    await t.test('a custom name-server domain explains why dynamic DNS is unavailable', async () => {
      await page.getByRole('link', { name: 'Your domains' }).click();
      await page.getByRole('button', { name: 'Add domain' }).click();
      await page.getByLabel('Domain name').fill('elsewhere.test');
      await page.getByLabel('Use custom name servers').check();
      await page
        .getByLabel('Name servers at your DNS provider')
        .fill('ns1.provider.example\nns2.provider.example');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'elsewhere.test', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Manage dynamic DNS' }).click();
      await page.getByText('Dynamic DNS is unavailable for this domain.').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Create new record' }).count(), 0);
      await shot(page, '09-custom-name-servers');
    });

    await t.test('the page raised no script errors', () => {
      assert.deepEqual(pageErrors, []);
    });
  },
);

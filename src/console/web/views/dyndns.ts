// "Manage dynamic DNS" for one domain: the list of dynamic DNS records (rows expand to show the record's
// values and history), "Create new record" (the domain itself or a subdomain; the generated credentials
// are shown at once), and per record "View credentials", "Regenerate", "Unblock", take offline / bring
// online, and "Delete" with confirmation. In custom name-server mode it explains why dynamic DNS is not
// available instead of offering to create records.
import { enc, request } from '../api.js';
import { field, formatTime, h, replaceChildren } from '../dom.js';
import type { Credentials, Host, HostDetails, Zone } from '../types.js';
import { confirmAction } from './confirm.js';
import { credentialsPanel } from './credentials.js';
import { closedExclusive, openExclusive } from './exclusive.js';
import { errorNotice, infoNotice, okNotice, showIn } from './notice.js';

const STATE_TEXT: Record<Host['state'], string> = {
  online: 'Online',
  offline: 'Offline',
  blocked: 'Blocked for abuse',
};

function addressText(h: Host): string {
  const parts = [h.ipv4, h.ipv6].filter((x): x is string => x !== null);
  return parts.length > 0 ? parts.join(', ') : 'no address yet';
}

function historyChange(e: HostDetails['history'][number]): string {
  const parts: string[] = [];
  if (e.oldIpv4 !== e.newIpv4) parts.push(`IPv4 ${e.oldIpv4 ?? '—'} → ${e.newIpv4 ?? '—'}`);
  if (e.oldIpv6 !== e.newIpv6) parts.push(`IPv6 ${e.oldIpv6 ?? '—'} → ${e.newIpv6 ?? '—'}`);
  if (e.oldState !== e.newState) parts.push(`${e.oldState ?? '—'} → ${e.newState ?? '—'}`);
  return parts.join('; ') || 'no change';
}

/** DyndnsOptions tell the section which record to open (from the URL) and how to keep the URL current. */
export interface DyndnsOptions {
  readonly expanded?: string | undefined;
  readonly onExpand: (hostname: string | undefined) => void;
}

/** dyndnsSection renders the dynamic DNS records of `zone`. */
export function dyndnsSection(zone: Zone, opts: DyndnsOptions): HTMLElement {
  const base = `/zones/${enc(zone.name)}/hosts`;
  const messages = h('div', { 'aria-live': 'polite' });
  const formSlot = h('div');
  const list = h('ul', { class: 'hosts', 'aria-label': `Dynamic DNS records of ${zone.name}` });
  const createButton = h(
    'button',
    { type: 'button', class: 'primary', 'aria-expanded': 'false' },
    'Create new record',
  );

  const closeCreate = (): void => {
    formSlot.replaceChildren();
    createButton.setAttribute('aria-expanded', 'false');
    closedExclusive(closeCreate);
  };

  createButton.addEventListener('click', () => {
    if (createButton.getAttribute('aria-expanded') === 'true') return closeCreate();
    openExclusive(closeCreate);
    createButton.setAttribute('aria-expanded', 'true');
    const name = h('input', {
      type: 'text',
      id: 'ddns-hostname',
      name: 'hostname',
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'none',
      placeholder: 'home',
    });
    const mode = h(
      'select',
      { name: 'mode' },
      h('option', { value: 'dual', selected: true }, 'IPv4 and IPv6 (dual stack)'),
      h('option', { value: 'single' }, 'One address at a time'),
    );
    const ttl = h('input', {
      type: 'number',
      name: 'ttl',
      min: 30,
      max: 86400,
      value: '60',
      inputmode: 'numeric',
    });
    const formMessages = h('div', { 'aria-live': 'polite' });
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
    const form = h(
      'form',
      {
        class: 'card',
        'aria-label': 'Create new record',
        novalidate: true,
        onSubmit: async (ev: Event) => {
          ev.preventDefault();
          save.disabled = true;
          showIn(formMessages, null);
          try {
            const r = await request<{ host: Host; credentials: Credentials }>('POST', base, {
              name: name.value.trim(),
              mode: mode.value,
              ttl: Number(ttl.value || '60'),
            });
            closeCreate();
            showIn(
              messages,
              okNotice(`Created ${r.host.hostname}. Put its credentials into your router or updater.`),
            );
            await load(r.host.hostname, {
              credentials: r.credentials,
              fresh: 'Save these settings in your router or updater now; you can view them again later.',
            });
          } catch (e) {
            showIn(formMessages, errorNotice(e));
            name.focus();
          } finally {
            save.disabled = false;
          }
        },
      },
      h('h3', {}, 'Create new record'),
      formMessages,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'ddns-hostname' }, 'Hostname'),
        h('div', { class: 'suffix' }, name, h('span', { 'aria-hidden': 'true' }, `.${zone.name}`)),
        h(
          'div',
          { class: 'hint', id: 'ddns-hostname-hint' },
          `A subdomain such as "home" for home.${zone.name}; leave empty (or "@") for ${zone.name} itself.`,
        ),
      ),
      h('div', { class: 'grid two' }, field('Addresses', mode), field('TTL (seconds)', ttl, '30 to 86400')),
      h('div', { class: 'actions' }, save, h('button', { type: 'button', onClick: closeCreate }, 'Cancel')),
    );
    name.setAttribute('aria-describedby', 'ddns-hostname-hint');
    replaceChildren(formSlot, form);
    name.focus();
  });

  function item(host: Host, open: { credentials?: Credentials; fresh?: string } | boolean): HTMLLIElement {
    const li = h('li', {});
    const bodyId = `host-${host.hostname.replace(/[^a-z0-9-]/gi, '_')}`;
    const toggle = h(
      'button',
      { type: 'button', class: 'toggle', 'aria-expanded': 'false', 'aria-controls': bodyId },
      host.hostname,
    );
    const body = h('div', { class: 'host-body', id: bodyId, hidden: true });
    const head = h(
      'div',
      { class: 'host-head' },
      toggle,
      h('span', { class: 'addr' }, addressText(host)),
      h('span', { class: `tag state-${host.state}` }, STATE_TEXT[host.state]),
      h('span', { class: 'muted' }, `Last update: ${formatTime(host.lastUpdateAt)}`),
    );
    replaceChildren(li, head, body);

    const expand = async (extra?: { credentials?: Credentials; fresh?: string }): Promise<void> => {
      toggle.setAttribute('aria-expanded', 'true');
      body.hidden = false;
      opts.onExpand(host.hostname);
      await renderBody(li, host, body, extra);
    };
    toggle.addEventListener('click', () => {
      if (toggle.getAttribute('aria-expanded') === 'true') {
        toggle.setAttribute('aria-expanded', 'false');
        body.hidden = true;
        opts.onExpand(undefined);
      } else {
        void expand();
      }
    });
    if (open) void expand(typeof open === 'object' ? open : undefined);
    return li;
  }

  async function renderBody(
    li: HTMLLIElement,
    summary: Host,
    body: HTMLElement,
    extra?: { credentials?: Credentials; fresh?: string },
  ): Promise<void> {
    const path = `${base}/${enc(summary.hostname)}`;
    let host: HostDetails;
    try {
      host = await request<HostDetails>('GET', path);
    } catch (e) {
      replaceChildren(body, errorNotice(e));
      return;
    }
    const local = h('div', { 'aria-live': 'polite' });
    const credsSlot = h('div');
    const refresh = async (
      message?: HTMLElement,
      keep?: { credentials?: Credentials; fresh?: string },
    ): Promise<void> => {
      const fresh = await request<HostDetails>('GET', path).catch(() => host);
      const next = item(fresh, keep ?? true);
      li.replaceWith(next);
      if (message) {
        const area = next.querySelector('[aria-live]');
        if (area instanceof HTMLElement) showIn(area, message);
      }
    };
    const showCredentials = async (c: Credentials, fresh?: string): Promise<void> => {
      const panel = await credentialsPanel(c, { fresh, onHide: () => credsSlot.replaceChildren() });
      replaceChildren(credsSlot, panel);
    };
    const act = async (fn: () => Promise<void>): Promise<void> => {
      try {
        await fn();
      } catch (e) {
        showIn(local, errorNotice(e));
      }
    };

    const viewButton = h(
      'button',
      {
        type: 'button',
        onClick: () =>
          act(async () => {
            await showCredentials(await request<Credentials>('GET', `${path}/credentials`));
          }),
      },
      'View credentials',
    );
    const regenerateButton = h(
      'button',
      {
        type: 'button',
        onClick: () =>
          act(async () => {
            const c = await request<Credentials>('POST', `${path}/credentials/regenerate`);
            await showCredentials(
              c,
              'New credentials generated: the old username and password no longer work. Update your router or updater.',
            );
          }),
      },
      'Regenerate',
    );
    const unblockButton = h(
      'button',
      {
        type: 'button',
        disabled: host.state !== 'blocked',
        title: host.state === 'blocked' ? undefined : 'Only a record blocked for abuse needs unblocking',
        onClick: () =>
          act(async () => {
            await request<Host>('POST', `${path}/unblock`);
            await refresh(okNotice(`${host.hostname} is unblocked: updates are accepted again.`));
          }),
      },
      'Unblock',
    );
    const offline = host.state === 'offline';
    const offlineButton = h(
      'button',
      {
        type: 'button',
        disabled: host.state === 'blocked',
        onClick: () =>
          act(async () => {
            await request<Host>('PATCH', path, { offline: !offline });
            await refresh(
              okNotice(
                offline
                  ? `${host.hostname} is online: its address is served again.`
                  : `${host.hostname} is offline: the name server answers no address for it (the address is kept).`,
              ),
            );
          }),
      },
      offline ? 'Bring online' : 'Take offline',
    );
    const deleteButton = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onClick: () =>
          act(async () => {
            const ok = await confirmAction({
              title: `Delete ${host.hostname}?`,
              body: `The dynamic DNS record ${host.hostname} and its credentials will be deleted, and the name server will stop answering for it. Updaters using it will get "nohost".`,
              action: 'Delete',
            });
            if (!ok) return;
            await request<void>('DELETE', path);
            opts.onExpand(undefined);
            showIn(messages, okNotice(`Deleted ${host.hostname}; the name server no longer answers for it.`));
            await load();
          }),
      },
      'Delete',
    );

    replaceChildren(
      body,
      local,
      host.state === 'blocked'
        ? h(
            'div',
            { class: 'notice error' },
            `Updates for ${host.hostname} are blocked because its updater kept sending requests after answers that told it to stop${host.blockedUntil ? ` (until ${formatTime(host.blockedUntil)})` : ''}. Fix the updater, then unblock.`,
          )
        : null,
      h(
        'dl',
        { class: 'values' },
        h('dt', {}, 'IPv4 address'),
        h('dd', {}, host.ipv4 ?? '—'),
        h('dt', {}, 'IPv6 address'),
        h('dd', {}, host.ipv6 ?? '—'),
        h('dt', {}, 'State'),
        h('dd', {}, STATE_TEXT[host.state]),
        h('dt', {}, 'TTL'),
        h('dd', {}, `${host.ttl} s`),
        h('dt', {}, 'Addresses'),
        h('dd', {}, host.mode === 'dual' ? 'IPv4 and IPv6' : 'one at a time'),
        h('dt', {}, 'Username'),
        h('dd', {}, host.username),
        h('dt', {}, 'Last update'),
        h('dd', {}, formatTime(host.lastUpdateAt)),
        h('dt', {}, 'Updates'),
        h('dd', {}, `${host.updates} (unchanged: ${host.nochg})`),
        h('dt', {}, 'Created'),
        h('dd', {}, formatTime(host.createdAt)),
      ),
      h(
        'div',
        { class: 'actions' },
        viewButton,
        regenerateButton,
        unblockButton,
        offlineButton,
        deleteButton,
      ),
      credsSlot,
      h('h4', {}, 'History'),
      host.history.length === 0
        ? h('p', { class: 'muted' }, 'No updates yet.')
        : h(
            'table',
            { class: 'stack history', 'aria-label': `Update history of ${host.hostname}` },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Time'),
                h('th', {}, 'Change'),
                h('th', {}, 'Answer'),
                h('th', {}, 'From'),
              ),
            ),
            h(
              'tbody',
              {},
              host.history.map((e) =>
                h(
                  'tr',
                  {},
                  h('td', { 'data-label': 'Time' }, formatTime(e.at)),
                  h('td', { 'data-label': 'Change' }, historyChange(e)),
                  h('td', { class: 'value', 'data-label': 'Answer' }, e.answer),
                  h(
                    'td',
                    { 'data-label': 'From' },
                    [e.sourceIp, e.userAgent].filter(Boolean).join(' · ') || '—',
                  ),
                ),
              ),
            ),
          ),
    );
    if (extra?.credentials) await showCredentials(extra.credentials, extra.fresh);
  }

  async function load(expand?: string, extra?: { credentials?: Credentials; fresh?: string }): Promise<void> {
    try {
      const hosts = await request<Host[]>('GET', base);
      const open = expand ?? opts.expanded;
      if (hosts.length === 0) {
        replaceChildren(list, h('li', { class: 'empty' }, 'No dynamic DNS records yet.'));
        return;
      }
      replaceChildren(
        list,
        hosts.map((x) => item(x, x.hostname === open ? (extra ?? true) : false)),
      );
    } catch (e) {
      showIn(messages, errorNotice(e));
    }
  }

  void load();
  const unavailable =
    zone.nsMode === 'custom'
      ? infoNotice(
          h('strong', {}, 'Dynamic DNS is unavailable for this domain. '),
          `${zone.name} uses custom name servers (${zone.nameServers.map((n) => n.name).join(', ') || 'none'}), so resolvers ask those servers, not Dynzone: addresses set here would never be seen. Switch the domain to Dynzone's name servers to create dynamic DNS records.`,
        )
      : null;
  return h(
    'section',
    { id: 'dyndns', 'aria-labelledby': 'dyndns-title' },
    h('h2', { id: 'dyndns-title' }, 'Dynamic DNS'),
    h(
      'p',
      { class: 'muted' },
      'A dynamic DNS record is a name whose address your router or updater sets with its own generated username and password, over the dyndns2 protocol.',
    ),
    unavailable,
    messages,
    unavailable ? null : h('div', { class: 'actions' }, createButton),
    formSlot,
    list,
  );
}

// One dynamic DNS record in the "Manage dynamic DNS" list: a head with its name (a disclosure button),
// address, state and last update, and, expanded, its values, history and actions: "View credentials",
// "Regenerate" and "Delete" (each after a confirmation), "Unblock", take offline / bring online.
import { enc, request } from '../api.js';
import { formatTime, h, replaceChildren } from '../dom.js';
import type { Credentials, Host, HostDetails } from '../types.js';
import { count } from '../text.js';
import { confirmAction } from './confirm.js';
import { credentialsPanel } from './credentials.js';
import { errorNotice, okNotice, showIn } from './notice.js';

/** OpenWith opens a record with its credentials shown (right after creating it). */
export interface OpenWith {
  readonly credentials?: Credentials;
  readonly fresh?: string;
}

/** HostItemEnv is what a record's item needs from its section. */
export interface HostItemEnv {
  /** The API path of the domain's records ("/zones/example.test/hosts"). */
  readonly base: string;
  /** Told when a record is expanded (its name) or collapsed (undefined), to keep the URL current. */
  onExpand(hostname: string | undefined): void;
  /** Told after a record was deleted (the section reloads its list). */
  onDeleted(hostname: string): Promise<void>;
}

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
  // Nothing changed (a regeneration of the credentials, say): the Answer column tells what happened.
  return parts.join('; ') || '—';
}

/** hostItem renders one record as a list item whose head expands to its values, actions and history. */
export function hostItem(host: Host, open: OpenWith | boolean, env: HostItemEnv): HTMLLIElement {
  const li = h('li', {});
  const bodyId = `host-${host.hostname.replace(/[^a-z0-9-]/gi, '_')}`;
  // The name is the host name alone; the ▸/▾ glyph (CSS, by aria-expanded) is hidden from the name.
  const toggle = h(
    'button',
    { type: 'button', class: 'toggle', 'aria-expanded': 'false', 'aria-controls': bodyId },
    h('span', { class: 'chevron', 'aria-hidden': 'true' }),
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

  const expand = async (extra?: OpenWith): Promise<void> => {
    toggle.setAttribute('aria-expanded', 'true');
    body.hidden = false;
    env.onExpand(host.hostname);
    await renderBody(li, host, body, env, extra);
  };
  toggle.addEventListener('click', () => {
    if (toggle.getAttribute('aria-expanded') === 'true') {
      toggle.setAttribute('aria-expanded', 'false');
      body.hidden = true;
      env.onExpand(undefined);
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
  env: HostItemEnv,
  extra?: OpenWith,
): Promise<void> {
  const path = `${env.base}/${enc(summary.hostname)}`;
  let host: HostDetails;
  try {
    host = await request<HostDetails>('GET', path);
  } catch (e) {
    replaceChildren(body, errorNotice(e));
    return;
  }
  const local = h('div', { 'aria-live': 'polite' });
  const credsSlot = h('div');
  const refresh = async (message?: HTMLElement, keep?: OpenWith): Promise<void> => {
    const fresh = await request<HostDetails>('GET', path).catch(() => host);
    const next = hostItem(fresh, keep ?? true, env);
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
          const ok = await confirmAction({
            title: `Regenerate the credentials of ${host.hostname}?`,
            body: `A new username and password replace the current ones, which stop working at once: routers and updaters using them get "badauth" until you give them the new ones.`,
            action: 'Regenerate',
          });
          if (!ok) return;
          const c = await request<Credentials>('POST', `${path}/credentials/regenerate`);
          // Redrawn, so the history shows the regeneration; the new credentials stay open.
          await refresh(undefined, {
            credentials: c,
            fresh:
              'New credentials generated: the old username and password no longer work. Update your router or updater.',
          });
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
            body: `The dynamic DNS record ${host.hostname} will be deleted, and the name server will stop answering its address. Its credentials are deleted with it unless other records share them: updaters using it will then get "badauth" (or "nohost" while the shared login remains).`,
            action: 'Delete',
          });
          if (!ok) return;
          await request<void>('DELETE', path);
          env.onExpand(undefined);
          await env.onDeleted(host.hostname);
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
      h('dt', {}, 'Requests'),
      h('dd', {}, `${count(host.updates, 'update')}, ${count(host.nochg, 'unchanged request')}`),
      h('dt', {}, 'Created'),
      h('dd', {}, formatTime(host.createdAt)),
    ),
    h('div', { class: 'actions' }, viewButton, regenerateButton, unblockButton, offlineButton, deleteButton),
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

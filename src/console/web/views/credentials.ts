// "View credentials": a dynamic DNS record's generated username and password with copy buttons, and
// ready-to-paste settings for ddclient (dyndns2 and googledomains), inadyn and curl, filled in with this
// server's address as the browser reaches it.
import { request } from '../api.js';
import { clientSettings } from '../client-settings.js';
import { h, uid } from '../dom.js';
import type { Credentials, ServerInfo } from '../types.js';

let serverInfo: Promise<ServerInfo | undefined> | undefined;

function server(): Promise<ServerInfo | undefined> {
  serverInfo ??= request<ServerInfo>('GET', '/server').catch(() => undefined);
  return serverInfo;
}

async function copy(
  text: string,
  status: HTMLElement,
  what: string,
  fallback?: HTMLInputElement,
): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = `${what} copied to the clipboard.`;
  } catch {
    // No clipboard permission (or an old browser): select the text so Ctrl+C / long-press copies it.
    fallback?.select();
    status.textContent = `Select and copy the ${what.toLowerCase()} by hand.`;
  }
}

function copyField(label: string, value: string, status: HTMLElement): HTMLElement {
  const input = h('input', { type: 'text', readOnly: true, value, id: uid('cred'), spellcheck: 'false' });
  return h(
    'div',
    { class: 'field' },
    h('label', { for: input.id }, label),
    h(
      'div',
      { class: 'copyrow' },
      input,
      h(
        'button',
        { type: 'button', onClick: () => void copy(value, status, label, input) },
        `Copy ${label.toLowerCase()}`,
      ),
    ),
  );
}

/** credentialsPanel renders a record's login and client settings; `onHide` removes the panel. */
export async function credentialsPanel(
  c: Credentials,
  opts: { fresh?: string; onHide: () => void },
): Promise<HTMLElement> {
  const info = await server();
  const status = h('p', { class: 'muted', role: 'status' });
  const selfSigned = info?.tls.selfSigned ?? false;
  const settings = clientSettings({
    server: location.host,
    hostname: c.hostname,
    username: c.username,
    password: c.password,
    selfSigned,
  });
  const titleId = uid('creds');
  return h(
    'section',
    { class: 'creds', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, `Credentials for ${c.hostname}`),
    opts.fresh ? h('p', { class: 'notice ok', role: 'status' }, opts.fresh) : null,
    copyField('Username', c.username, status),
    copyField('Password', c.password, status),
    status,
    selfSigned
      ? h(
          'p',
          { class: 'muted' },
          'This server uses a self-signed certificate',
          info?.tls.fingerprint256 ? ` (SHA-256 ${info.tls.fingerprint256})` : '',
          ": give each client a copy of the server's certificate, data/tls-cert.pem in its data directory, as the settings below show.",
        )
      : null,
    settings.map((s) => {
      const id = uid('snippet');
      return h(
        'div',
        {},
        h(
          'div',
          { class: 'snippet-head' },
          h('h4', { id: `${id}-t` }, s.title),
          h(
            'button',
            {
              type: 'button',
              'aria-label': `Copy ${s.title} settings`,
              onClick: () => void copy(s.text, status, `${s.title} settings`),
            },
            'Copy',
          ),
        ),
        h('pre', { class: 'snippet', id, 'aria-labelledby': `${id}-t`, tabindex: '0' }, s.text),
      );
    }),
    h('div', { class: 'actions' }, h('button', { type: 'button', onClick: opts.onHide }, 'Hide credentials')),
  );
}

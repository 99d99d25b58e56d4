// "Manage dynamic DNS" for one domain: the list of dynamic DNS records (rows expand to show the record's
// values and history), "Create new record" (the domain itself or a subdomain; the generated credentials
// are shown at once), and per record "View credentials", "Regenerate", "Unblock", take offline / bring
// online, and "Delete" with confirmation. In custom name-server mode it explains why dynamic DNS is not
// available instead of offering to create records.
import { enc, request } from '../api.js';
import { field, h, replaceChildren } from '../dom.js';
import type { Credentials, Host, Zone } from '../types.js';
import { closedExclusive, openExclusive } from './exclusive.js';
import { hostItem, type HostItemEnv, type OpenWith } from './host-item.js';
import { errorNotice, infoNotice, okNotice, showIn } from './notice.js';
import { hostName } from '../text.js';

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
      placeholder: '60',
      inputmode: 'numeric',
    });
    // The full name as the user types: "www.other.test" is below this domain, "home.example.test" not twice.
    const fullName = h('span', { class: 'full-name' });
    const showFullName = (): void => {
      const n = hostName(name.value, zone.name);
      fullName.textContent = n.inZone
        ? `Will be created as ${n.fqdn}`
        : `${n.fqdn} is outside ${zone.name}: leave out the final dot to create it below ${zone.name}`;
    };
    name.addEventListener('input', showFullName);
    showFullName();
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
              ...(ttl.value.trim() === '' ? {} : { ttl: Number(ttl.value) }),
            });
            closeCreate();
            showIn(messages, okNotice(`Created ${r.host.hostname}; its credentials are shown below.`));
            await load(r.host.hostname, {
              credentials: r.credentials,
              fresh:
                'Put these settings into your router or updater; you can see them again at any time under "View credentials".',
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
          `A subdomain such as "home" for home.${zone.name}; leave empty (or "@") for ${zone.name} itself. `,
          fullName,
        ),
      ),
      h('div', { class: 'grid two' }, field('Addresses', mode), field('TTL (seconds)', ttl, '30 to 86400')),
      h('div', { class: 'actions' }, save, h('button', { type: 'button', onClick: closeCreate }, 'Cancel')),
    );
    name.setAttribute('aria-describedby', 'ddns-hostname-hint');
    replaceChildren(formSlot, form);
    name.focus();
  });

  const env: HostItemEnv = {
    base,
    onExpand: opts.onExpand,
    async onDeleted(hostname) {
      showIn(messages, okNotice(`Deleted ${hostname}; the name server no longer answers its address.`));
      await load();
    },
  };

  async function load(expand?: string, extra?: OpenWith): Promise<void> {
    try {
      const hosts = await request<Host[]>('GET', base);
      const open = expand ?? opts.expanded;
      if (hosts.length === 0) {
        replaceChildren(list, h('li', { class: 'empty' }, 'No dynamic DNS records yet.'));
        return;
      }
      replaceChildren(
        list,
        hosts.map((x) => hostItem(x, x.hostname === open ? (extra ?? true) : false, env)),
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

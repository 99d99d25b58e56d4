// The domain list and "Add domain": a domain is created with Dynzone's name servers (default mode, dynamic
// DNS available) or with custom ones (delegated elsewhere; dynamic DNS unavailable). After adding, the
// domain's page tells which name servers to set at the registrar.
import { enc, request } from '../api.js';
import { field, h, replaceChildren } from '../dom.js';
import type { Zone } from '../types.js';
import type { ViewContext } from './context.js';
import { closedExclusive, openExclusive } from './exclusive.js';
import { errorNotice, showIn } from './notice.js';

/** nameServerFields builds the default/custom choice and the custom name-server list. */
export function nameServerFields(initial: { mode: 'default' | 'custom'; servers: readonly string[] }): {
  element: HTMLElement;
  value(): { nsMode: 'default' | 'custom'; nameServers?: string[] };
} {
  const group = `ns-${Math.random().toString(36).slice(2)}`;
  const dflt = h('input', {
    type: 'radio',
    name: group,
    value: 'default',
    checked: initial.mode === 'default',
  });
  const custom = h('input', {
    type: 'radio',
    name: group,
    value: 'custom',
    checked: initial.mode === 'custom',
  });
  const servers = h('textarea', {
    name: 'nameServers',
    rows: 3,
    placeholder: 'ns1.provider.example\nns2.provider.example',
    value: initial.mode === 'custom' ? initial.servers.join('\n') : '',
  });
  const serversField = field(
    'Name servers at your DNS provider',
    servers,
    'One per line: the servers the domain is delegated to.',
  );
  // Only custom mode uses the list: otherwise it is neither shown nor editable (nor sent).
  const sync = (): void => {
    serversField.hidden = !custom.checked;
    servers.disabled = !custom.checked;
  };
  dflt.addEventListener('change', sync);
  custom.addEventListener('change', sync);
  sync();
  const element = h(
    'div',
    {},
    h(
      'fieldset',
      { class: 'field' },
      h('legend', {}, 'Name servers'),
      h('label', {}, dflt, h('span', {}, "Use Dynzone's name servers (default): dynamic DNS is available")),
      h(
        'label',
        {},
        custom,
        h('span', {}, 'Use custom name servers: the domain is served elsewhere, dynamic DNS is unavailable'),
      ),
    ),
    serversField,
  );
  return {
    element,
    value() {
      if (!custom.checked) return { nsMode: 'default' };
      const nameServers = servers.value
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return { nsMode: 'custom', nameServers };
    },
  };
}

/** renderDomains shows the caller's domains and the "Add domain" form. */
export async function renderDomains(ctx: ViewContext): Promise<void> {
  ctx.setTitle('Domains');
  const messages = h('div', { 'aria-live': 'polite' });
  const formSlot = h('div');
  const listSlot = h('div');
  const addButton = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false' }, 'Add domain');

  const closeForm = (): void => {
    formSlot.replaceChildren();
    addButton.setAttribute('aria-expanded', 'false');
    closedExclusive(closeForm);
  };

  addButton.addEventListener('click', () => {
    if (addButton.getAttribute('aria-expanded') === 'true') {
      closeForm();
      return;
    }
    openExclusive(closeForm);
    addButton.setAttribute('aria-expanded', 'true');
    const name = h('input', {
      type: 'text',
      name: 'domain',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'none',
      placeholder: 'example.com',
    });
    const ns = nameServerFields({ mode: 'default', servers: [] });
    const formMessages = h('div', { 'aria-live': 'polite' });
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
    const form = h(
      'form',
      {
        class: 'card',
        'aria-label': 'Add domain',
        novalidate: true,
        onSubmit: async (ev: Event) => {
          ev.preventDefault();
          save.disabled = true;
          showIn(formMessages, null);
          try {
            const zone = await request<Zone>('POST', '/zones', { name: name.value.trim(), ...ns.value() });
            closeForm();
            ctx.navigate(`#/domains/${enc(zone.name)}`);
          } catch (e) {
            showIn(formMessages, errorNotice(e));
            name.focus();
          } finally {
            save.disabled = false;
          }
        },
      },
      h('h2', {}, 'Add domain'),
      formMessages,
      field('Domain name', name, 'The domain you registered, e.g. example.com (no "www").'),
      ns.element,
      h('div', { class: 'actions' }, save, h('button', { type: 'button', onClick: closeForm }, 'Cancel')),
    );
    replaceChildren(formSlot, form);
    name.focus();
  });

  replaceChildren(
    ctx.main,
    h('h1', { tabindex: '-1' }, 'Your domains'),
    messages,
    h('div', { class: 'actions' }, addButton),
    formSlot,
    listSlot,
  );

  try {
    const zones = await request<Zone[]>('GET', '/zones');
    if (zones.length === 0) {
      replaceChildren(
        listSlot,
        h('p', { class: 'muted' }, 'No domains yet. Add the domain you registered to manage its DNS here.'),
      );
      return;
    }
    replaceChildren(
      listSlot,
      h(
        'table',
        { class: 'stack', 'aria-label': 'Domains' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'Domain'),
            h('th', {}, 'Name servers'),
            h('th', {}, 'Records'),
            h('th', {}, 'Serial'),
          ),
        ),
        h(
          'tbody',
          {},
          zones.map((z) =>
            h(
              'tr',
              {},
              h('td', { 'data-label': 'Domain' }, h('a', { href: `#/domains/${enc(z.name)}` }, z.name)),
              h(
                'td',
                { 'data-label': 'Name servers' },
                z.nsMode === 'default' ? 'Dynzone (default)' : 'Custom',
              ),
              h('td', { 'data-label': 'Records' }, String(z.recordCount)),
              h('td', { 'data-label': 'Serial' }, z.serial === null ? '—' : String(z.serial)),
            ),
          ),
        ),
      ),
    );
  } catch (e) {
    showIn(messages, errorNotice(e));
  }
}

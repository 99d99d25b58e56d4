// One domain's page: the name servers to set at the registrar (and the switch between Dynzone's and
// custom name servers), the resource records, the "Manage dynamic DNS" section, and deleting the domain.
import { enc, request } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import type { Zone } from '../types.js';
import { confirmAction } from './confirm.js';
import type { ViewContext } from './context.js';
import { nameServerFields } from './domains.js';
import { dyndnsSection } from './dyndns.js';
import { closedExclusive, openExclusive } from './exclusive.js';
import { errorNotice, infoNotice, okNotice, showIn } from './notice.js';
import { recordsSection } from './records.js';

/** DomainRoute is the part of the URL below the domain: the dynamic DNS section and an open record. */
export interface DomainRoute {
  readonly zone: string;
  readonly dyndns: boolean;
  readonly host?: string | undefined;
}

function nameServersPanel(zone: Zone, onChange: (z: Zone) => void): HTMLElement {
  const messages = h('div', { 'aria-live': 'polite' });
  const formSlot = h('div');
  const change = h('button', { type: 'button', 'aria-expanded': 'false' }, 'Change name servers');
  const close = (): void => {
    formSlot.replaceChildren();
    change.setAttribute('aria-expanded', 'false');
    closedExclusive(close);
  };
  change.addEventListener('click', () => {
    if (change.getAttribute('aria-expanded') === 'true') return close();
    openExclusive(close);
    change.setAttribute('aria-expanded', 'true');
    const ns = nameServerFields({ mode: zone.nsMode, servers: zone.nameServers.map((n) => n.name) });
    const formMessages = h('div', { 'aria-live': 'polite' });
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
    replaceChildren(
      formSlot,
      h(
        'form',
        {
          class: 'card',
          'aria-label': 'Change name servers',
          novalidate: true,
          onSubmit: async (ev: Event) => {
            ev.preventDefault();
            save.disabled = true;
            try {
              const z = await request<Zone>('PATCH', `/zones/${enc(zone.name)}`, ns.value());
              close();
              onChange(z);
            } catch (e) {
              showIn(formMessages, errorNotice(e));
            } finally {
              save.disabled = false;
            }
          },
        },
        formMessages,
        ns.element,
        h('div', { class: 'actions' }, save, h('button', { type: 'button', onClick: close }, 'Cancel')),
      ),
    );
  });

  const glueless = zone.nameServers.filter((n) => n.inZone && n.addresses.length === 0);
  const intro =
    zone.nsMode === 'default'
      ? 'Set these name servers at your registrar, so that Dynzone answers for this domain:'
      : 'This domain uses custom name servers. It is delegated to:';
  return h(
    'section',
    { 'aria-labelledby': 'ns-title' },
    h('h2', { id: 'ns-title' }, 'Name servers'),
    messages,
    h('p', {}, intro),
    h(
      'ul',
      { class: 'ns-list', 'aria-label': 'Name servers to set at the registrar' },
      zone.nameServers.map((n) =>
        h('li', {}, n.name, n.inZone && n.addresses.length > 0 ? ` (glue: ${n.addresses.join(', ')})` : ''),
      ),
    ),
    zone.nsMode === 'default' && glueless.length > 0
      ? infoNotice(
          `${glueless.map((n) => n.name).join(', ')} ${glueless.length === 1 ? 'is' : 'are'} inside ${zone.name}: add an A (and AAAA) record for ${glueless.length === 1 ? 'it' : 'them'} with this server's public address below, and give the same address to your registrar as glue.`,
        )
      : null,
    h('div', { class: 'actions' }, change),
    formSlot,
  );
}

/** renderDomain shows one domain's page. */
export async function renderDomain(ctx: ViewContext, route: DomainRoute): Promise<void> {
  ctx.setTitle(route.zone);
  let zone: Zone;
  try {
    zone = await request<Zone>('GET', `/zones/${enc(route.zone)}`);
  } catch (e) {
    replaceChildren(
      ctx.main,
      h('p', { class: 'crumbs' }, h('a', { href: '#/domains' }, 'Your domains')),
      h('h1', { tabindex: '-1' }, route.zone),
      errorNotice(e),
    );
    return;
  }
  const base = `#/domains/${enc(zone.name)}`;
  const setHash = (hash: string): void => {
    // Keeps the URL (and so a reload) on what is open, without re-rendering the page.
    if (location.hash !== hash) history.replaceState(null, '', hash);
  };
  const summary = h('p', { class: 'muted' });
  const showSummary = (z: Zone): void => {
    summary.textContent = `Serial ${z.serial ?? '—'} · ${z.recordCount} records · ${z.nsMode === 'default' ? "Dynzone's name servers" : 'custom name servers'}`;
  };
  showSummary(zone);
  const refreshSummary = async (): Promise<void> => {
    try {
      showSummary(await request<Zone>('GET', `/zones/${enc(zone.name)}`));
    } catch {
      // The summary is informative only; the section that changed shows its own errors.
    }
  };

  const dyndnsSlot = h('div');
  const manage = h(
    'button',
    { type: 'button', 'aria-expanded': route.dyndns ? 'true' : 'false', 'aria-controls': 'dyndns-slot' },
    'Manage dynamic DNS',
  );
  dyndnsSlot.id = 'dyndns-slot';
  const openDyndns = (host?: string): void => {
    manage.setAttribute('aria-expanded', 'true');
    replaceChildren(
      dyndnsSlot,
      dyndnsSection(zone, {
        expanded: host,
        onExpand: (hostname) => setHash(`${base}/dyndns${hostname ? `/${enc(hostname)}` : ''}`),
      }),
    );
  };
  manage.addEventListener('click', () => {
    if (manage.getAttribute('aria-expanded') === 'true') {
      manage.setAttribute('aria-expanded', 'false');
      dyndnsSlot.replaceChildren();
      setHash(base);
    } else {
      openDyndns();
      setHash(`${base}/dyndns`);
      dyndnsSlot.scrollIntoView({ block: 'start' });
    }
  });

  const messages = h('div', { 'aria-live': 'polite' });
  const deleteDomain = h(
    'button',
    {
      type: 'button',
      class: 'danger',
      onClick: async () => {
        const ok = await confirmAction({
          title: `Delete ${zone.name}?`,
          body: `Every record and dynamic DNS record of ${zone.name} will be deleted and the name server will stop answering for it.`,
          action: 'Delete domain',
        });
        if (!ok) return;
        try {
          await request<void>('DELETE', `/zones/${enc(zone.name)}`);
          ctx.navigate('#/domains');
        } catch (e) {
          showIn(messages, errorNotice(e));
        }
      },
    },
    'Delete domain',
  );

  const render = (z: Zone, note?: string): void => {
    zone = z;
    showSummary(z);
    replaceChildren(
      ctx.main,
      h('p', { class: 'crumbs' }, h('a', { href: '#/domains' }, 'Your domains')),
      h('h1', { tabindex: '-1' }, z.name),
      summary,
      messages,
      note ? okNotice(note) : null,
      h('div', { class: 'actions' }, manage),
      dyndnsSlot,
      nameServersPanel(z, (next) => render(next, 'Name servers changed.')),
      recordsSection(z, () => void refreshSummary()),
      h('h2', {}, 'Delete this domain'),
      h('div', { class: 'actions' }, deleteDomain),
    );
    if (manage.getAttribute('aria-expanded') === 'true') openDyndns(route.host);
  };
  render(zone);
}

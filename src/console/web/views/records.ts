// A domain's resource records: the table (cards on phones), "Add record", and per row "Edit" and
// "Delete" (with confirmation). Records Dynzone maintains (SOA, the domain's NS, dynamic DNS addresses)
// are shown but not editable, with the reason. Every refusal shows the API's sentence.
import { enc, request } from '../api.js';
import { field, h, replaceChildren } from '../dom.js';
import type { DnsRecord, Zone } from '../types.js';
import { confirmAction } from './confirm.js';
import { closedExclusive, openExclusive } from './exclusive.js';
import { errorNotice, okNotice, showIn } from './notice.js';
import { recordName } from '../text.js';

/** RECORD_TYPES are the types an owner may add (SPEC §1). */
export const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'CAA', 'NS', 'PTR'] as const;

const VALUE_HINTS: Record<string, string> = {
  A: 'An IPv4 address, e.g. 192.0.2.10',
  AAAA: 'An IPv6 address, e.g. 2001:db8::10',
  CNAME: 'A host name, e.g. www.example.net. (relative names get the domain appended)',
  MX: 'Preference and mail server, e.g. 10 mail.example.com.',
  TXT: 'Any text, e.g. v=spf1 -all',
  SRV: 'Priority, weight, port, target, e.g. 10 5 5060 sip.example.com.',
  CAA: 'Flags, tag, value, e.g. 0 issue "letsencrypt.org"',
  NS: 'A name server for a delegated subdomain, e.g. ns1.example.net.',
  PTR: 'A host name, e.g. host.example.com.',
};

const MANAGED_TEXT: Record<string, string> = {
  soa: 'Maintained by Dynzone',
  'name-servers': 'Follows the name-server setting',
  'dynamic-host': 'Set by dynamic DNS',
};

interface RecordForm {
  element: HTMLFormElement;
}

function recordForm(opts: {
  zone: Zone;
  title: string;
  initial?: DnsRecord;
  send: (body: { name: string; type: string; value: string; ttl?: number }) => Promise<void>;
  close: () => void;
}): RecordForm {
  const i = opts.initial;
  const name = h('input', {
    type: 'text',
    name: 'name',
    value: i?.name ?? '',
    placeholder: '@',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'none',
  });
  const type = h(
    'select',
    { name: 'type' },
    RECORD_TYPES.map((t) => h('option', { value: t, selected: (i?.type ?? 'A') === t }, t)),
  );
  const value = h('input', {
    type: 'text',
    name: 'value',
    value: i?.value ?? '',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'none',
    required: true,
  });
  const ttl = h('input', {
    type: 'number',
    name: 'ttl',
    min: 0,
    max: 2147483647,
    inputmode: 'numeric',
    value: i ? String(i.ttl) : '',
    placeholder: '3600',
  });
  // The zone-file rule made visible: "www.other.test" typed in home.test is www.other.test.home.test.
  const fullName = h('span', { class: 'full-name' });
  const showFullName = (): void => {
    const n = recordName(name.value, opts.zone.name);
    fullName.textContent = n.inZone
      ? `${i ? 'Will be saved as' : 'Will be created as'} ${n.fqdn}`
      : `${n.fqdn} is outside ${opts.zone.name}: leave out the final dot to create it below ${opts.zone.name}`;
  };
  name.addEventListener('input', showFullName);
  showFullName();
  const valueField = field('Value', value, VALUE_HINTS[type.value]);
  type.addEventListener('change', () => {
    const hint = valueField.querySelector('.hint');
    if (hint) hint.textContent = VALUE_HINTS[type.value] ?? '';
  });
  const messages = h('div', { 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
  const form = h(
    'form',
    {
      class: 'card',
      'aria-label': opts.title,
      novalidate: true,
      onSubmit: async (ev: Event) => {
        ev.preventDefault();
        save.disabled = true;
        showIn(messages, null);
        try {
          const body: { name: string; type: string; value: string; ttl?: number } = {
            name: name.value.trim() === '' ? '@' : name.value.trim(),
            type: type.value,
            value: value.value.trim(),
          };
          if (ttl.value.trim() !== '') body.ttl = Number(ttl.value);
          await opts.send(body);
        } catch (e) {
          showIn(messages, errorNotice(e));
        } finally {
          save.disabled = false;
        }
      },
    },
    h('h3', {}, opts.title),
    messages,
    h(
      'div',
      { class: 'grid records-form' },
      field('Name', name, [`"@" for ${opts.zone.name} itself, or e.g. "www". `, fullName]),
      field('Type', type),
      valueField,
      field('TTL', ttl, 'Seconds (optional)'),
    ),
    h('div', { class: 'actions' }, save, h('button', { type: 'button', onClick: opts.close }, 'Cancel')),
  );
  queueMicrotask(() => (i ? value : name).focus());
  return { element: form };
}

/** recordsSection renders the records of `zone` and keeps them current after each change. */
export function recordsSection(zone: Zone, onChanged: () => void): HTMLElement {
  const messages = h('div', { 'aria-live': 'polite' });
  const formSlot = h('div');
  const tableSlot = h('div', {}, h('p', { class: 'muted' }, 'Loading records…'));
  const addButton = h('button', { type: 'button', 'aria-expanded': 'false' }, 'Add record');
  const base = `/zones/${enc(zone.name)}/records`;

  const closeAdd = (): void => {
    formSlot.replaceChildren();
    addButton.setAttribute('aria-expanded', 'false');
    closedExclusive(closeAdd);
  };

  addButton.addEventListener('click', () => {
    if (addButton.getAttribute('aria-expanded') === 'true') return closeAdd();
    openExclusive(closeAdd);
    addButton.setAttribute('aria-expanded', 'true');
    const f = recordForm({
      zone,
      title: 'Add record',
      close: closeAdd,
      send: async (body) => {
        const r = await request<{ record: DnsRecord; serial: number }>('POST', base, body);
        closeAdd();
        showIn(
          messages,
          okNotice(
            `Added ${r.record.fqdn} ${r.record.type} ${r.record.value}; the name server serves it now (serial ${r.serial}).`,
          ),
        );
        await load();
        onChanged();
      },
    });
    replaceChildren(formSlot, f.element);
  });

  async function remove(rec: DnsRecord): Promise<void> {
    const ok = await confirmAction({
      title: `Delete ${rec.fqdn} ${rec.type}?`,
      body: `The record ${rec.fqdn} ${rec.type} ${rec.value} will no longer be served.`,
      action: 'Delete',
    });
    if (!ok) return;
    try {
      const r = await request<{ serial: number }>('DELETE', `${base}/${enc(rec.id)}`);
      showIn(messages, okNotice(`Deleted ${rec.fqdn} ${rec.type} ${rec.value} (serial ${r.serial}).`));
      await load();
      onChanged();
    } catch (e) {
      showIn(messages, errorNotice(e));
    }
  }

  function recordLabel(rec: DnsRecord): string {
    return `${rec.fqdn} ${rec.type} ${rec.value}`;
  }

  function row(rec: DnsRecord): HTMLTableRowElement {
    const tr = h('tr', {});
    const actions =
      rec.managedBy === null
        ? h(
            'div',
            { class: 'actions' },
            // Named after the record, so each row's buttons are told apart by screen readers.
            h(
              'button',
              { type: 'button', 'aria-label': `Edit ${recordLabel(rec)}`, onClick: () => edit(tr, rec) },
              'Edit',
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'danger',
                'aria-label': `Delete ${recordLabel(rec)}`,
                onClick: () => void remove(rec),
              },
              'Delete',
            ),
          )
        : h('span', { class: 'tag' }, MANAGED_TEXT[rec.managedBy] ?? 'Managed');
    append(tr, rec, actions);
    return tr;
  }

  function append(tr: HTMLTableRowElement, rec: DnsRecord, actions: HTMLElement): void {
    replaceChildren(
      tr,
      h('td', { 'data-label': 'Name' }, rec.name),
      h('td', { class: 'nowrap', 'data-label': 'Type' }, rec.type),
      h('td', { class: 'nowrap', 'data-label': 'TTL' }, String(rec.ttl)),
      h('td', { class: 'value', 'data-label': 'Value' }, rec.value),
      h('td', { class: 'row-actions' }, actions),
    );
  }

  function edit(tr: HTMLTableRowElement, rec: DnsRecord): void {
    const restore = (): void => {
      tr.replaceWith(row(rec));
      closedExclusive(restore);
    };
    openExclusive(restore);
    const f = recordForm({
      zone,
      title: `Edit ${rec.fqdn} ${rec.type}`,
      initial: rec,
      close: restore,
      send: async (body) => {
        const r = await request<{ record: DnsRecord; serial: number }>('PUT', `${base}/${enc(rec.id)}`, body);
        closedExclusive(restore);
        showIn(
          messages,
          okNotice(`Saved ${r.record.fqdn} ${r.record.type} ${r.record.value} (serial ${r.serial}).`),
        );
        await load();
        onChanged();
      },
    });
    replaceChildren(tr, h('td', { colspan: 5 }, f.element));
  }

  async function load(): Promise<void> {
    try {
      const records = await request<DnsRecord[]>('GET', base);
      replaceChildren(
        tableSlot,
        h(
          'table',
          { class: 'stack', 'aria-label': `Resource records of ${zone.name}` },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'Name'),
              h('th', {}, 'Type'),
              h('th', {}, 'TTL'),
              h('th', {}, 'Value'),
              h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')),
            ),
          ),
          h('tbody', {}, records.map(row)),
        ),
      );
    } catch (e) {
      showIn(messages, errorNotice(e));
    }
  }

  void load();
  return h(
    'section',
    { 'aria-labelledby': 'records-title' },
    h('h2', { id: 'records-title' }, 'Resource records'),
    messages,
    h('div', { class: 'actions' }, addButton),
    formSlot,
    tableSlot,
  );
}

// A tiny DOM builder for the console: h(tag, attributes, ...children) creates elements with text set as
// text (never HTML), so nothing the API returns can inject markup. Event handlers are `on<Event>` keys.

/** Child is what may be appended: nodes, text, or nothing. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Attrs are attributes, properties (`value`, `checked`…) and `on…` event handlers. */
export type Attrs = Record<string, unknown>;

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'readOnly', 'hidden', 'open']);

/** append adds children to a node, flattening arrays and skipping empty values. */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, ...(c as Child[]));
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

/** h creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    } else if (PROPERTIES.has(k)) {
      (el as unknown as Record<string, unknown>)[k] = v;
    } else if (k === 'class') {
      el.className = String(v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, ...children);
  return el;
}

/** replaceChildren empties a node and appends new children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

let nextId = 0;
/** uid gives a unique element id with a readable prefix (for label/aria wiring). */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** field builds a labelled form control with an optional hint wired through aria-describedby. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: Child,
): HTMLDivElement {
  control.id ||= uid('f');
  const hintEl = hint ? h('div', { class: 'hint', id: uid('hint') }, hint) : undefined;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** formatTime shows an ISO time in the browser's locale, or a dash. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

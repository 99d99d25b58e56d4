// Messages on the page: refusals from the API (role=alert, with the API's own sentence and any field
// errors, each said once), empty required fields, and confirmations (role=status). Every refusal the
// console can meet is shown this way.
import { ApiProblem } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { restatesTitle, sentence } from '../text.js';

function unique(texts: readonly string[]): string[] {
  return [...new Set(texts.filter((t) => t.length > 0))];
}

/**
 * errorNotice renders an error for the user: the problem's title once, then either its one sentence (the
 * detail, a field's message or a zone-check problem) or, when there are several, a list with each once.
 * A detail that only restates the title is shown alone.
 */
export function errorNotice(e: unknown): HTMLDivElement {
  if (e instanceof ApiProblem) {
    // The detail of a validation or zone-check problem is its items joined: show the items, not both.
    const fields = unique(e.errors.map((x) => x.message));
    const items = fields.length > 0 ? fields : unique(e.problems.map((p) => p.message));
    if (items.length > 1) {
      return h(
        'div',
        { class: 'notice error', role: 'alert' },
        h('strong', {}, `${e.title}.`),
        h(
          'ul',
          {},
          items.map((t) => h('li', {}, capitalise(t))),
        ),
      );
    }
    const text = items[0] ?? e.message;
    return h(
      'div',
      { class: 'notice error', role: 'alert' },
      restatesTitle(e.title, text) ? null : h('strong', {}, `${e.title}. `),
      capitalise(text),
    );
  }
  return h(
    'div',
    { class: 'notice error', role: 'alert' },
    h('strong', {}, 'Something went wrong. '),
    String(e),
  );
}

/** missingNotice says which required fields are empty ("Email is required.", "Email and password are required."). */
export function missingNotice(labels: readonly string[]): HTMLDivElement {
  const names = labels.map((l, i) => (i === 0 ? l : l.toLowerCase()));
  const list = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return h(
    'div',
    { class: 'notice error', role: 'alert' },
    `${list} ${names.length === 1 ? 'is' : 'are'} required.`,
  );
}

/** okNotice renders a confirmation. */
export function okNotice(text: string): HTMLDivElement {
  return h('div', { class: 'notice ok', role: 'status' }, text);
}

/** infoNotice renders an explanation. */
export function infoNotice(...children: (Node | string)[]): HTMLDivElement {
  return h('div', { class: 'notice info' }, ...children);
}

/** showIn replaces a message area's content. */
export function showIn(area: HTMLElement, notice: HTMLElement | null): void {
  if (notice) replaceChildren(area, notice);
  else area.replaceChildren();
}

/** capitalise makes a sentence of an API message: a capital letter (not on a leading domain name), a stop. */
export function capitalise(text: string): string {
  return sentence(text);
}

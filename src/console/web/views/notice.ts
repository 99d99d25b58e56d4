// Messages on the page: refusals from the API (role=alert, with the API's own sentence and any field
// errors) and confirmations (role=status). Every refusal the console can meet is shown this way.
import { ApiProblem } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { sentence } from '../sentence.js';

/** errorNotice renders an error for the user: the API's detail, field errors and zone-check problems. */
export function errorNotice(e: unknown): HTMLDivElement {
  if (e instanceof ApiProblem) {
    const items = [
      ...e.errors.map((x) => `${x.path}: ${x.message}`),
      ...e.problems.map((p) => p.message).filter((m) => m !== e.message),
    ];
    return h(
      'div',
      { class: 'notice error', role: 'alert' },
      h('strong', {}, `${e.title}. `),
      sentence(e.message),
      items.length > 0
        ? h(
            'ul',
            {},
            items.map((t) => h('li', {}, t)),
          )
        : null,
    );
  }
  return h(
    'div',
    { class: 'notice error', role: 'alert' },
    h('strong', {}, 'Something went wrong. '),
    String(e),
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

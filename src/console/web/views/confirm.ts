// A confirmation dialog for destructive actions (a modal <dialog>, so the rest of the page is inert while
// it is open): resolves true when the user confirms, false on Cancel or Escape.
import { h } from '../dom.js';

/** confirmAction asks the user; `action` is the confirm button's name (e.g. "Delete"). */
export function confirmAction(opts: { title: string; body: string; action: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', value: 'cancel' }, 'Cancel');
    const ok = h('button', { type: 'button', class: 'danger solid', value: 'ok' }, opts.action);
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const dialog = h(
      'dialog',
      { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, opts.title),
      h('p', {}, opts.body),
      h('div', { class: 'actions' }, cancel, ok),
    );
    const done = (answer: boolean): void => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      done(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

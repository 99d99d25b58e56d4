// The pages before sign-in: first-run set-up of the administrator (only while no account exists) and
// sign-in. Both post JSON to the REST API, which sets the HttpOnly session cookie; the answer's CSRF token
// is kept in memory by api.ts.
import { request, setCsrfToken } from '../api.js';
import { field, h, replaceChildren } from '../dom.js';
import type { Session } from '../types.js';
import { errorNotice, missingNotice, showIn } from './notice.js';

function credentialsForm(opts: {
  heading: string;
  intro: string;
  submit: string;
  passwordHint?: string;
  autocomplete: 'current-password' | 'new-password';
  send: (email: string, password: string) => Promise<Session>;
  onSession: (s: Session) => void;
}): HTMLElement {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', {
    type: 'password',
    name: 'password',
    autocomplete: opts.autocomplete,
    required: true,
    minlength: opts.autocomplete === 'new-password' ? 8 : undefined,
  });
  const messages = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, opts.submit);
  const form = h(
    'form',
    {
      class: 'card narrow',
      'aria-labelledby': 'auth-title',
      novalidate: true,
      onSubmit: async (ev: Event) => {
        ev.preventDefault();
        showIn(messages, null);
        // Said here, before asking the server, and naming each empty field.
        const required = [
          { label: 'Email', input: email, empty: email.value.trim() === '' },
          { label: 'Password', input: password, empty: password.value === '' },
        ];
        for (const m of required) {
          if (m.empty) m.input.setAttribute('aria-invalid', 'true');
          else m.input.removeAttribute('aria-invalid');
        }
        const empty = required.filter((m) => m.empty);
        if (empty.length > 0) {
          showIn(messages, missingNotice(empty.map((m) => m.label)));
          empty[0]!.input.focus();
          return;
        }
        button.disabled = true;
        try {
          const session = await opts.send(email.value, password.value);
          setCsrfToken(session.csrfToken);
          opts.onSession(session);
        } catch (e) {
          showIn(messages, errorNotice(e));
          password.select();
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', { id: 'auth-title', tabindex: '-1' }, opts.heading),
    h('p', { class: 'muted' }, opts.intro),
    messages,
    field('Email', email),
    field('Password', password, opts.passwordHint),
    h('div', { class: 'actions' }, button),
  );
  queueMicrotask(() => email.focus());
  return form;
}

/** renderSetup shows first-run set-up: the administrator's email and password. */
export function renderSetup(main: HTMLElement, onSession: (s: Session) => void): void {
  replaceChildren(
    main,
    credentialsForm({
      heading: 'Set up Dynzone',
      intro:
        'No account exists yet. Create the administrator account: it can add domains, manage their records ' +
        'and dynamic DNS, and create further accounts.',
      submit: 'Create administrator and sign in',
      passwordHint: 'At least 8 characters. It is stored only as a scrypt hash.',
      autocomplete: 'new-password',
      send: (email, password) => request<Session>('POST', '/setup', { email, password }),
      onSession,
    }),
  );
}

/** renderSignIn shows the sign-in form. */
export function renderSignIn(main: HTMLElement, onSession: (s: Session) => void, note?: string): void {
  replaceChildren(
    main,
    credentialsForm({
      heading: 'Sign in to Dynzone',
      intro: note ?? 'Sign in to manage your domains and dynamic DNS records.',
      submit: 'Sign in',
      autocomplete: 'current-password',
      send: (email, password) => request<Session>('POST', '/session', { email, password }),
      onSession,
    }),
  );
}

// The console's entry point: decides between first-run set-up, sign-in and the signed-in pages, routes on
// the URL fragment (#/domains, #/domains/NAME, #/domains/NAME/dyndns[/HOST]) and draws the header with
// "Sign out". All data comes from the REST API (api.ts).
import { ApiProblem, onSessionEnded, request, setCsrfToken } from './api.js';
import { h, replaceChildren } from './dom.js';
import type { Session } from './types.js';
import { renderSetup, renderSignIn } from './views/auth.js';
import { renderDomain } from './views/domain.js';
import { renderDomains } from './views/domains.js';
import { resetExclusive } from './views/exclusive.js';
import { errorNotice } from './views/notice.js';

const main = document.getElementById('main')!;
const top = document.getElementById('top')!;
let session: Session | undefined;

type Route =
  { kind: 'domains' } | { kind: 'domain'; zone: string; dyndns: boolean; host?: string | undefined };

function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p.length > 0)
    .map(decodeURIComponent);
  if (parts[0] === 'domains' && parts[1] !== undefined) {
    return { kind: 'domain', zone: parts[1], dyndns: parts[2] === 'dyndns', host: parts[3] };
  }
  return { kind: 'domains' };
}

function setTitle(title: string): void {
  document.title = `${title} · Dynzone`;
}

function renderHeader(): void {
  const brand = h(
    'a',
    { class: 'brand', href: session ? '#/domains' : '#/' },
    h('img', { src: '/console/icon.svg', alt: '' }),
    'Dynzone',
  );
  if (!session) {
    replaceChildren(top, brand);
    return;
  }
  const signOut = h(
    'button',
    {
      type: 'button',
      onClick: async () => {
        try {
          await request<void>('DELETE', '/session');
        } catch (e) {
          // Signed out already (expired): nothing left to end.
          if (!(e instanceof ApiProblem) || e.status !== 401) throw e;
        }
        session = undefined;
        setCsrfToken(undefined);
        history.replaceState(null, '', '#/');
        await boot('You are signed out.');
      },
    },
    'Sign out',
  );
  replaceChildren(top, brand, h('div', { class: 'who' }, h('span', {}, session.account.email), signOut));
}

function focusHeading(): void {
  const h1 = main.querySelector('h1');
  if (h1 instanceof HTMLElement) h1.focus({ preventScroll: true });
}

async function renderRoute(): Promise<void> {
  if (!session) return;
  resetExclusive();
  const ctx = {
    main,
    session,
    setTitle,
    navigate(hash: string) {
      if (location.hash === hash) void renderRoute();
      else location.hash = hash;
    },
  };
  const route = parseRoute(location.hash);
  if (route.kind === 'domain') await renderDomain(ctx, route);
  else await renderDomains(ctx);
  focusHeading();
}

function signedIn(s: Session): void {
  session = s;
  setCsrfToken(s.csrfToken);
  renderHeader();
  void renderRoute();
}

async function boot(note?: string): Promise<void> {
  renderHeader();
  try {
    const setup = await request<{ needed: boolean }>('GET', '/setup');
    if (setup.needed) {
      setTitle('Set up');
      renderSetup(main, signedIn);
      return;
    }
    try {
      signedIn(await request<Session>('GET', '/session'));
    } catch (e) {
      if (!(e instanceof ApiProblem) || e.status !== 401) throw e;
      setTitle('Sign in');
      renderSignIn(main, signedIn, note);
    }
  } catch (e) {
    replaceChildren(main, h('h1', {}, 'Dynzone'), errorNotice(e));
  }
}

onSessionEnded(() => {
  session = undefined;
  setCsrfToken(undefined);
  void boot('Your session has ended. Sign in again.');
});
window.addEventListener('hashchange', () => void renderRoute());
void boot();

/**
 * The operators' console (工作台) at /desk/: for district staff at a desk. A fragment router
 * (`#/worklist`, `#/needs`, `#/needs/<id>`, `#/needs/<id>/follow-up`, `#/figures`) over the operator
 * routes of the staff API, and a sign-in as the deployment says (config.json). No framework.
 */
import type { Catalog } from '../api.ts';
import { clearAnnouncement, onViewChange } from '../announce.ts';
import { type DeskApi, deskApi } from './desk-api.ts';
import { renderFigures } from './figures-view.ts';
import { renderNeed } from './need-view.ts';
import { renderNeeds } from './needs-view.ts';
import { type AppConfig, finishOidcSignIn, isSignedIn, loadConfig, signOut } from './session.ts';
import { renderSignIn } from './sign-in-view.ts';
import { el, whenSignedOut } from './ui.ts';
import { w } from './words.ts';
import { renderWorklist } from './worklist-view.ts';

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('app-nav') as HTMLElement;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;

let config: AppConfig;
let api: DeskApi;
let catalog: Catalog | undefined;
let afterSignIn = '';

type Route = { view: 'worklist' } | { view: 'needs' } | { view: 'need'; needId: string; followUp: boolean } | { view: 'figures' };

function routeOf(hash: string): Route {
  const [, view, id, more] = hash.replace(/^#/, '').split('/');
  if (view === 'needs' && id) return { view: 'need', needId: decodeURIComponent(id), followUp: more === 'follow-up' };
  if (view === 'needs' || view === 'figures') return { view };
  return { view: 'worklist' };
}

async function show(): Promise<void> {
  if (!isSignedIn()) {
    afterSignIn ||= location.hash;
    nav.hidden = true;
    signOutButton.hidden = true;
    document.title = `${w('signIn.title')} · ${w('app.title')}`;
    renderSignIn(
      main,
      config,
      () => {
        const target = afterSignIn || '#/worklist';
        afterSignIn = '';
        if (location.hash === target) void show();
        else location.hash = target;
      },
      afterSignIn,
    );
    focusHeading();
    return;
  }
  nav.hidden = false;
  signOutButton.hidden = false;
  onViewChange();
  catalog ??= await api.catalog().catch(() => undefined);
  const route = routeOf(location.hash);
  const section = route.view === 'need' ? 'needs' : route.view;
  for (const link of Array.from(nav.querySelectorAll<HTMLAnchorElement>('a'))) {
    if (link.dataset.view === section && route.view !== 'need') link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // The title names the view, never the resident (no name or phone in the title or the address).
  const titles = { worklist: 'nav.worklist', needs: 'nav.needs', need: 'need.pageTitle', figures: 'nav.figures' } as const;
  document.title = `${w(titles[route.view])} · ${w('app.title')}`;
  if (route.view === 'worklist') await renderWorklist(main, api, catalog);
  else if (route.view === 'needs') await renderNeeds(main, api, catalog);
  else if (route.view === 'need') await renderNeed(main, api, catalog, route);
  else await renderFigures(main, api, catalog);
  focusHeading();
}

function focusHeading(): void {
  document.getElementById('page-heading')?.focus();
}

async function start(): Promise<void> {
  try {
    config = await loadConfig();
  } catch {
    main.replaceChildren(
      el('h1', { id: 'page-heading', tabindex: '-1' }, w('app.title')),
      el('p', { class: 'notice notice-error', role: 'alert' }, w('signIn.notConfigured')),
    );
    return;
  }
  api = deskApi(config);
  let signInFailed = false;
  try {
    const returnTo = await finishOidcSignIn(config);
    if (returnTo) history.replaceState(null, '', returnTo);
  } catch {
    signInFailed = true;
  }
  whenSignedOut(() => {
    signOut();
    void show();
  });
  signOutButton.addEventListener('click', () => {
    signOut();
    clearAnnouncement();
    location.hash = '#/worklist';
    void show();
  });
  window.addEventListener('hashchange', () => void show());
  await show();
  if (signInFailed) main.prepend(el('p', { class: 'notice notice-error', role: 'alert' }, w('signIn.failed')));
}

void start();

/**
 * The operators' console (工作台) at /desk/: for district staff at a desk. A fragment router
 * (`#/worklist`, `#/needs`, `#/needs/<id>`, `#/needs/<id>/follow-up`, `#/figures`,
 * `#/partners`, `#/partners/<id>`) over the operator
 * routes of the staff API, and a sign-in as the deployment says (config.json). No framework.
 */
import type { Catalog } from '../api.ts';
import { staffFrame } from '../staff-auth/staff-frame.ts';
import { type DeskApi, deskApi } from './desk-api.ts';
import { renderFigures } from './figures-view.ts';
import { renderNeed } from './need-view.ts';
import { renderNeeds } from './needs-view.ts';
import { renderPartner } from './partner-view.ts';
import { renderPartners } from './partners-view.ts';
import { type AppConfig, finishOidcSignIn, isSignedIn, loadConfig, signOut } from './session.ts';
import { renderSignIn } from './sign-in-view.ts';
import { w } from './words.ts';
import { renderWorklist } from './worklist-view.ts';

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('app-nav') as HTMLElement;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;

let config: AppConfig;
let api: DeskApi;
let catalog: Catalog | undefined;
const home = '#/worklist';
const frame = staffFrame({ main, nav, signOutButton }, { home, show, signOut });

type Route =
  | { view: 'worklist' }
  | { view: 'needs' }
  | { view: 'need'; needId: string; followUp: boolean }
  | { view: 'figures' }
  | { view: 'partners' }
  | { view: 'partner'; partnerId: string };

function routeOf(hash: string): Route {
  const [, view, id, more] = hash.replace(/^#/, '').split('/');
  if (view === 'needs' && id) return { view: 'need', needId: decodeURIComponent(id), followUp: more === 'follow-up' };
  if (view === 'partners' && id) return { view: 'partner', partnerId: decodeURIComponent(id) };
  if (view === 'needs' || view === 'figures' || view === 'partners') return { view };
  return { view: 'worklist' };
}

async function show(): Promise<void> {
  const signIn = { title: `${w('signIn.title')} · ${w('app.title')}`, render: (done: () => void, returnTo: string) => renderSignIn(main, config, done, returnTo) };
  if (frame.gate(isSignedIn(), signIn)) {
    focusHeading();
    return;
  }
  catalog ??= await api.catalog().catch(() => undefined);
  const route = routeOf(location.hash);
  frame.markCurrent(route.view === 'need' || route.view === 'partner' ? undefined : route.view);
  // The title names the view, never the resident nor a partner's contact (not in the title or the address).
  const titles = {
    worklist: 'nav.worklist',
    needs: 'nav.needs',
    need: 'need.pageTitle',
    figures: 'nav.figures',
    partners: 'nav.partners',
    partner: 'partner.pageTitle',
  } as const;
  document.title = `${w(titles[route.view])} · ${w('app.title')}`;
  if (route.view === 'worklist') await renderWorklist(main, api, catalog);
  else if (route.view === 'needs') await renderNeeds(main, api, catalog);
  else if (route.view === 'need') await renderNeed(main, api, catalog, route);
  else if (route.view === 'partners') await renderPartners(main, api, catalog);
  else if (route.view === 'partner') await renderPartner(main, api, catalog, route.partnerId);
  else await renderFigures(main, api, catalog);
  focusHeading();
}

function focusHeading(): void {
  document.getElementById('page-heading')?.focus();
}

void frame.open({
  loadConfig,
  configured: (loaded: AppConfig) => {
    config = loaded;
    api = deskApi(loaded);
  },
  finishOidcSignIn,
  words: { title: w('app.title'), notConfigured: w('signIn.notConfigured'), signInFailed: w('signIn.failed') },
});

/**
 * The partner app (社区合伙人端) at /partner/: a phone web app with four views behind a fragment
 * router (`#/offers`, `#/offers/<id>` from a notification link, `#/orders`, `#/orders/<id>`,
 * `#/roster`, `#/me`) and a sign-in by phone and SMS code. No framework: the views build the DOM.
 */
import { type Catalog, getCatalog } from '../api.ts';
import { defaultTimeZone } from '../format.ts';
import { onLangChange, setUpLanguageSwitch } from '../i18n.ts';
import { renderOffers } from './offers-view.ts';
import { renderOrders } from './orders-view.ts';
import { type PartnerApi, partnerApi } from './partner-api.ts';
import { renderRoster } from './roster-view.ts';
import { type AppConfig, finishOidcSignIn, isSignedIn, loadConfig, signOut } from './session.ts';
import { renderSignIn } from './sign-in-view.ts';
import { renderStanding } from './standing-view.ts';
import { staffFrame } from '../staff-auth/staff-frame.ts';
import { applyPartnerWords, w } from './words.ts';

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('app-nav') as HTMLElement;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;

let config: AppConfig;
let api: PartnerApi;
let timeZone = defaultTimeZone;
const home = '#/offers';
const frame = staffFrame({ main, nav, signOutButton }, { home, show, signOut });

type Route = { view: 'offers'; offerId?: string } | { view: 'orders'; orderId?: string } | { view: 'roster' } | { view: 'me' };

function routeOf(hash: string): Route {
  const [, view, id] = hash.replace(/^#/, '').split('/');
  if (view === 'orders') return id ? { view, orderId: decodeURIComponent(id) } : { view };
  if (view === 'roster' || view === 'me') return { view };
  return id ? { view: 'offers', offerId: decodeURIComponent(id) } : { view: 'offers' };
}

async function show(): Promise<void> {
  applyPartnerWords();
  const signIn = { title: `${w('signIn.title')} · ${w('app.title')}`, render: (done: () => void, returnTo: string) => renderSignIn(main, config, done, returnTo) };
  if (frame.gate(isSignedIn(), signIn)) {
    focusHeading();
    return;
  }
  const route = routeOf(location.hash);
  frame.markCurrent(route.view);
  const titles = { offers: 'nav.offers', orders: 'nav.orders', roster: 'nav.roster', me: 'nav.me' } as const;
  document.title = `${w(titles[route.view])} · ${w('app.title')}`;
  if (route.view === 'offers') await renderOffers(main, api, timeZone, route.offerId);
  else if (route.view === 'orders') await renderOrders(main, api, timeZone, route.orderId);
  else if (route.view === 'roster') await renderRoster(main, api, timeZone);
  else await renderStanding(main, api, timeZone);
  focusHeading(route.view === 'orders' && route.orderId ? `order-${route.orderId}-title` : undefined);
}

function focusHeading(id?: string): void {
  const target = (id && document.getElementById(id)) || document.getElementById('page-heading');
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}

setUpLanguageSwitch();
applyPartnerWords();
void frame.open({
  loadConfig,
  configured: (loaded: AppConfig) => {
    config = loaded;
    api = partnerApi(loaded);
    getCatalog()
      .then((catalog: Catalog) => {
        timeZone = catalog.district.timeZone;
      })
      .catch(() => undefined);
    onLangChange(() => void show());
  },
  finishOidcSignIn,
  words: { title: w('app.title'), notConfigured: w('signIn.notConfigured'), signInFailed: w('signIn.failed') },
});

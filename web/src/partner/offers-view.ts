/**
 * New offers: what the resident needs (no contact before accepting), why this partner, where, when,
 * and how long is left to answer; accept, or decline with a reason from a short list or typed.
 * An offer opened from a notification link (`#/offers/<id>`) comes first, or says it has gone.
 */
import { formatTime, formatWindow } from '../format.ts';
import { localized } from '../i18n.ts';
import type { OfferView, PartnerApi } from './partner-api.ts';
import { announce, button, definition, el, loadFailure, runAction } from './ui.ts';
import { w, wordFor } from './words.ts';

const declineReasons = ['busy', 'far', 'skill', 'staff'] as const;
let countdownTimer: number | undefined;

export async function renderOffers(main: HTMLElement, api: PartnerApi, timeZone: string, linkedOfferId?: string): Promise<void> {
  const heading = el('h1', { id: 'page-heading', tabindex: '-1' }, w('offers.title'));
  main.replaceChildren(heading, el('p', { role: 'status' }, w('common.loading')));
  let offers: OfferView[];
  try {
    offers = (await api.offers()).offers;
  } catch (error) {
    main.replaceChildren(heading, loadFailure(error, () => void renderOffers(main, api, timeZone, linkedOfferId)));
    return;
  }
  const linked = linkedOfferId ? offers.find((offer) => offer.id === linkedOfferId) : undefined;
  const ordered = linked ? [linked, ...offers.filter((offer) => offer !== linked)] : offers;
  const list = el('div', { class: 'offer-list' });
  const refresh = () => void renderOffers(main, api, timeZone);
  for (const offer of ordered) list.append(offerCard(offer, api, timeZone, offer === linked, refresh));
  main.replaceChildren(
    heading,
    ...(linkedOfferId && !linked ? [el('p', { class: 'notice' }, w('offers.linkedGone'))] : []),
    ordered.length === 0 ? el('p', {}, w('offers.empty')) : list,
  );
  startCountdowns(main, timeZone);
}

function offerCard(offer: OfferView, api: PartnerApi, timeZone: string, linked: boolean, refresh: () => void): HTMLElement {
  const titleId = `offer-${offer.id}-title`;
  const place = [localized(offer.community.name, offer.community.id), offer.grid ? localized(offer.grid.name, offer.grid.id) : '']
    .filter(Boolean)
    .join(' · ');
  const window = offer.preferredWindow ? formatWindow(offer.preferredWindow.from, offer.preferredWindow.to, timeZone) : undefined;
  const errorBox = el('div', { class: 'notice notice-error', role: 'alert', hidden: true });
  const accept = button(w('offers.accept'), 'primary');
  const declineToggle = button(w('offers.decline'), 'secondary', { 'aria-expanded': 'false', 'aria-controls': `decline-${offer.id}` });
  const declinePanel = declineForm(offer, api, errorBox, refresh);
  declineToggle.addEventListener('click', () => {
    const open = declinePanel.hidden;
    declinePanel.hidden = !open;
    declineToggle.setAttribute('aria-expanded', String(open));
    if (open) declinePanel.querySelector<HTMLInputElement>('input')?.focus();
  });
  accept.addEventListener('click', () => {
    void runAction(accept, () => api.accept(offer.id), {
      errorBox,
      reaches: 'accepted',
      refusal: (error) => w('offers.taken', { status: wordFor('status', error.problem?.current?.status ?? 'expired') }),
      done: () => {
        announce(w('offers.accepted'));
        location.hash = `#/orders/${offer.orderId}`;
      },
    });
  });

  return el(
    'article',
    { class: `card-panel offer${linked ? ' offer-linked' : ''}`, 'aria-labelledby': titleId, 'data-offer-id': offer.id },
    linked ? el('p', { class: 'badge badge-info' }, w('offers.linked')) : undefined,
    el('h2', { id: titleId }, `${localized(offer.category.label, offer.category.code)} · ${place}`),
    offer.urgency === 'urgent' ? el('p', { class: 'badge' }, w('offers.urgent')) : undefined,
    el(
      'dl',
      { class: 'facts' },
      definition(w('offers.deadline'), el('span', { class: 'countdown', 'data-expires-at': offer.expiresAt }, countdownText(offer.expiresAt, timeZone))),
      definition(w('offers.what'), offer.description),
      definition(w('offers.why'), localized(offer.why)),
      definition(w('offers.where'), offer.distanceKm === undefined ? place : `${place}（${offer.distanceKm.toFixed(1)} km）`),
      definition(w('offers.when'), window ? `${window.from} – ${window.to}` : w('offers.anyTime')),
      offer.specialGroups.length > 0 ? definition(w('offers.groups'), offer.specialGroups.map((group) => wordFor('group', group)).join('、')) : undefined,
    ),
    el('p', { class: 'hint' }, w('offers.noContact')),
    errorBox,
    el('div', { class: 'actions-row' }, accept, declineToggle),
    declinePanel,
  );
}

function declineForm(offer: OfferView, api: PartnerApi, errorBox: HTMLElement, refresh: () => void): HTMLElement {
  const name = `decline-reason-${offer.id}`;
  const otherId = `decline-other-${offer.id}`;
  const problemId = `decline-problem-${offer.id}`;
  const choices = [...declineReasons, 'other' as const].map((reason, index) =>
    el(
      'label',
      { class: 'choice', for: `${name}-${index}` },
      el('input', { type: 'radio', id: `${name}-${index}`, name, value: reason }),
      ` ${w(`decline.${reason}`)}`,
    ),
  );
  const other = el('textarea', { id: otherId, rows: '2', maxlength: '200' });
  const problem = el('p', { id: problemId, class: 'field-error', hidden: true });
  const confirm = button(w('decline.confirm'), 'danger');
  const fieldset = el('fieldset', { class: 'question' }, el('legend', {}, w('decline.legend')), problem, el('div', { class: 'choices' }, ...choices));
  const panel = el(
    'div',
    { id: `decline-${offer.id}`, class: 'decline-panel', hidden: true },
    fieldset,
    el('label', { class: 'label', for: otherId }, w('decline.otherLabel')),
    other,
    el('div', { class: 'actions-row' }, confirm),
  );
  confirm.addEventListener('click', () => {
    const chosen = panel.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value;
    const typed = other.value.trim();
    const reason = chosen === 'other' || !chosen ? typed : [w(`decline.${chosen as (typeof declineReasons)[number]}`), typed].filter(Boolean).join('：');
    if (!reason) {
      problem.textContent = w('decline.missing');
      problem.hidden = false;
      fieldset.setAttribute('aria-describedby', problemId);
      panel.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    problem.hidden = true;
    fieldset.removeAttribute('aria-describedby');
    void runAction(confirm, () => api.decline(offer.id, reason), {
      errorBox,
      reaches: 'declined',
      refusal: (error) => w('offers.taken', { status: wordFor('status', error.problem?.current?.status ?? 'expired') }),
      done: () => {
        announce(w('offers.declined'));
        refresh();
      },
    });
  });
  return panel;
}

function countdownText(expiresAt: string, timeZone: string): string {
  const left = Date.parse(expiresAt) - Date.now();
  if (left <= 0) return w('offers.overdue');
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const hours = Math.floor(minutes / 60);
  const time = hours > 0 ? `${hours}:${String(minutes % 60).padStart(2, '0')}:${String(seconds).padStart(2, '0')}` : `${minutes}:${String(seconds).padStart(2, '0')}`;
  return w('offers.left', { time, clock: formatTime(expiresAt, timeZone) });
}

/** Ticks every countdown once a second; not a live region (a screen reader would hear it every second). */
function startCountdowns(root: HTMLElement, timeZone: string): void {
  if (countdownTimer !== undefined) clearInterval(countdownTimer);
  countdownTimer = window.setInterval(() => {
    const counters = root.querySelectorAll<HTMLElement>('.countdown');
    if (counters.length === 0 || !root.isConnected) {
      clearInterval(countdownTimer);
      return;
    }
    for (const counter of Array.from(counters)) counter.textContent = countdownText(counter.dataset.expiresAt ?? '', timeZone);
  }, 1000);
}

/**
 * A partner's page: profile (with the contact, on the page only), capabilities, service area,
 * standing, status and its admission history; the admission moves its status allows
 * (lib/partners/admission.ts `admissionMoves`), each with its reason; giving it a login for the
 * partner app; and its notification deliveries. Each action confirms first, sends the version the
 * page shows, and the page then shows the partner as the API has it.
 */
import { ApiError, type Catalog } from '../api.ts';
import type { DeskApi, Delivery, PartnerForOperator, PartnerLoginAnswer } from './desk-api.ts';
import { actionForm, announce, categoryName, communityName, definition, el, field, loadFailure, timelineSection, when } from './ui.ts';
import {
  type DeskKey,
  deliveryStatusWords,
  notificationEventWords,
  partnerKindWords,
  partnerStatusWords,
  priceModeWords,
  w,
} from './words.ts';

type Move = 'vetted' | 'applied' | 'active' | 'resume' | 'suspended';

/** The moves each status allows, as lib/partners/admission.ts has them (`resume` is suspended → active). */
const movesFrom: Record<string, Move[]> = {
  applied: ['vetted'],
  vetted: ['active', 'applied'],
  active: ['suspended'],
  suspended: ['resume'],
};

const statusName = (status: string) => partnerStatusWords[status] ?? status;

export async function renderPartner(main: HTMLElement, api: DeskApi, catalog: Catalog | undefined, partnerId: string): Promise<void> {
  const heading = el('h1', { id: 'page-heading', tabindex: '-1' }, w('partner.pageTitle'));
  main.replaceChildren(heading, el('p', {}, w('common.loading')));
  let partner: PartnerForOperator;
  try {
    partner = await api.partner(partnerId);
  } catch (error) {
    main.replaceChildren(
      heading,
      error instanceof ApiError && error.status === 404
        ? el('p', { class: 'notice' }, w('partner.notFound'))
        : loadFailure(error, () => void renderPartner(main, api, catalog, partnerId)),
    );
    return;
  }
  heading.textContent = partner.name.zh;
  const reload = async (said?: string) => {
    if (said) announce(said);
    await renderPartner(main, api, catalog, partnerId);
    document.getElementById('page-heading')?.focus();
  };
  const deliveries = el(
    'section',
    { 'aria-labelledby': 'deliveries-title' },
    el('h2', { id: 'deliveries-title' }, w('deliveries.title')),
    el('p', {}, w('common.loading')),
  );
  main.replaceChildren(
    el('p', {}, el('a', { href: '#/partners' }, w('partner.back'))),
    heading,
    profile(partner, catalog),
    history(partner, catalog),
    admission(partner, api, reload),
    loginForm(partner, api),
    deliveries,
  );
  await loadDeliveries(deliveries, api, partner.id, catalog);
}

function profile(partner: PartnerForOperator, catalog: Catalog | undefined): HTMLElement {
  const area = partner.serviceArea;
  const standing = partner.standing;
  return el(
    'section',
    { 'aria-labelledby': 'profile-title', class: 'card-panel' },
    el('h2', { id: 'profile-title' }, w('partner.profile')),
    el(
      'dl',
      { class: 'facts' },
      definition(w('partner.status'), el('strong', { 'data-status': partner.status }, statusName(partner.status))),
      definition(w('partner.kind'), partnerKindWords[partner.kind] ?? partner.kind),
      definition(
        w('partner.capabilities'),
        partner.capabilities
          .map((entry) => w('partner.skill', { category: categoryName(catalog, entry.category), level: entry.skillLevel }))
          .join('、'),
      ),
      definition(
        w('partner.area'),
        [
          area.communities.map((id) => communityName(catalog, id)).join('、'),
          area.grids.length > 0 ? w('partner.grids', { grids: area.grids.join('、') }) : '',
          area.radiusKm !== undefined ? w('partner.radius', { km: area.radiusKm }) : '',
        ]
          .filter(Boolean)
          .join('；') || w('common.none'),
      ),
      definition(w('partner.capacity'), String(partner.capacity)),
      definition(w('partner.price'), priceModeWords[partner.priceMode] ?? partner.priceMode),
      definition(w('partner.homeVisits'), partner.homeVisits ? w('figures.yes') : w('figures.no')),
      definition(
        w('partner.duty'),
        partner.schedule.alwaysAvailable ? w('partner.alwaysAvailable') : w('partner.weeklySlots', { n: partner.schedule.weekly.length }),
      ),
      // The contact is on the page, never in its address or title.
      definition(w('partner.contact'), partner.contact.name, ' ', el('a', { href: `tel:${partner.contact.phone}` }, partner.contact.phone)),
      standing &&
        definition(
          w('partner.standing'),
          w('partner.grade', { level: standing.grade.level, name: standing.grade.name.zh, score: standing.grade.score.toFixed(2) }),
        ),
      standing &&
        definition(
          w('partner.reputation'),
          standing.reputation.mean === undefined
            ? w('partner.noRatings')
            : w('partner.reputationText', { mean: standing.reputation.mean, count: standing.reputation.count }),
        ),
      standing && definition(w('partner.openOrders'), String(standing.openOrders)),
      standing && definition(w('partner.points'), String(standing.points)),
    ),
  );
}

function history(partner: PartnerForOperator, catalog: Catalog | undefined): HTMLElement {
  const steps = partner.history.map((event) => ({
    at: event.at,
    text: [
      event.from === null
        ? w('partner.registered', { to: statusName(event.to) })
        : w('partner.moved', { from: statusName(event.from), to: statusName(event.to) }),
      `：${event.reason}`,
      w('need.by', { by: event.by }),
    ],
  }));
  return timelineSection('history-title', w('partner.history'), steps, catalog);
}

function admission(partner: PartnerForOperator, api: DeskApi, reload: (said?: string) => Promise<void>): HTMLElement {
  const section = el(
    'section',
    { 'aria-labelledby': 'actions-title', class: 'actions-panel' },
    el('h2', { id: 'actions-title' }, w('partner.actions')),
  );
  for (const move of movesFrom[partner.status] ?? []) {
    const to = move === 'resume' ? 'active' : move;
    let taken: { offers: string[]; reoffered: string[]; escalated: string[] } | undefined;
    const reason = field(`move-${move}`, 'reason', w('partner.reason'), el('textarea', { rows: '2', maxlength: '500' }));
    section.append(
      actionForm({
        id: `move-${move}`,
        title: w(`admission.${move}.title` as DeskKey),
        intro: w(`admission.${move}.intro` as DeskKey),
        fields: [reason],
        submit: `admission.${move}.submit` as DeskKey,
        confirmSubmit: 'admission.confirmSubmit',
        confirmText: () => w('admission.what', { status: statusName(to) }),
        // The API says whether a reason is missing (its 400 names the field).
        send: async () => {
          const { revoked } = await api.changePartnerStatus(partner.id, {
            status: to,
            reason: reason.control.value.trim(),
            version: partner.version,
          });
          taken = revoked;
        },
        problemText: (name, code) => (name === 'reason' && code !== 'too_big' ? w('partner.reasonRequired') : undefined),
        // Another operator moved it first (a stale version, or a move no longer allowed).
        movedOn: (status) => void reload(w('partner.changed', { status: statusName(status ?? '') })),
        done: () => {
          const moved = w('partner.movedDone', { status: statusName(to) });
          const counts = taken && { offers: taken.offers.length, reoffered: taken.reoffered.length, escalated: taken.escalated.length };
          return reload(
            counts && counts.offers + counts.reoffered + counts.escalated > 0 ? `${moved}${w('partner.revoked', counts)}` : moved,
          );
        },
      }),
    );
  }
  return section;
}

function loginForm(partner: PartnerForOperator, api: DeskApi): HTMLElement {
  const phone = field(
    'login',
    'phone',
    w('login.phone'),
    el('input', { type: 'tel', inputmode: 'numeric', autocomplete: 'off', maxlength: '11' }),
  );
  phone.control.value = partner.contact.phone;
  const answer = el('p', { class: 'notice', role: 'status', hidden: true });
  let given: PartnerLoginAnswer | undefined;
  const form = actionForm({
    id: 'login',
    title: w('login.title'),
    intro: w('login.intro'),
    fields: [phone],
    submit: 'login.submit',
    confirmSubmit: 'login.confirmSubmit',
    confirmText: () => w('login.what', { phone: phone.control.value.trim() }),
    send: async () => {
      given = await api.givePartnerLogin(partner.id, { phone: phone.control.value.trim() });
    },
    problemText: (name) => (name === 'phone' ? w('problem.phone') : undefined),
    movedOn: () => undefined,
    done: () => {
      if (!given) return;
      answer.textContent = w('login.done', { phone: given.phone, issuer: given.issuer, subject: given.subject });
      answer.hidden = false;
    },
  });
  form.append(answer);
  return form;
}

async function loadDeliveries(section: HTMLElement, api: DeskApi, partnerId: string, catalog: Catalog | undefined): Promise<void> {
  const heading = section.firstElementChild as HTMLElement;
  let deliveries: Delivery[];
  try {
    deliveries = (await api.deliveries(partnerId)).deliveries;
  } catch (error) {
    section.replaceChildren(
      heading,
      loadFailure(error, () => void loadDeliveries(section, api, partnerId, catalog)),
    );
    return;
  }
  if (deliveries.length === 0) {
    section.replaceChildren(heading, el('p', {}, w('deliveries.empty')));
    return;
  }
  const headings = [
    'deliveries.when',
    'deliveries.event',
    'deliveries.channel',
    'deliveries.status',
    'deliveries.attempts',
    'deliveries.error',
  ] as const;
  section.replaceChildren(
    heading,
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'desk-table' },
        el('caption', { class: 'visually-hidden' }, w('deliveries.title')),
        el('thead', {}, el('tr', {}, ...headings.map((key) => el('th', { scope: 'col' }, w(key))))),
        el(
          'tbody',
          {},
          ...deliveries.map((delivery) => {
            const at = delivery.deliveredAt ?? delivery.lastAttemptAt ?? delivery.queuedAt;
            return el(
              'tr',
              {},
              el('td', {}, at ? when(at, catalog) : ''),
              el('td', {}, notificationEventWords[delivery.event] ?? delivery.event),
              // The channel as the API describes it, its secrets masked.
              el('td', { lang: 'en' }, delivery.channel),
              el('td', {}, deliveryStatusWords[delivery.status] ?? delivery.status),
              el('td', { class: 'number' }, String(delivery.attempts)),
              el(
                'td',
                { lang: 'en' },
                [delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : '', delivery.lastError ?? delivery.reason ?? '']
                  .filter(Boolean)
                  .join(' '),
              ),
            );
          }),
        ),
      ),
    ),
  );
}

/** My standing: grade and what it is made of, reputation with its count, points with the ledger, and the inbox. */
import { formatDate, formatDateTime } from '../format.ts';
import { localized } from '../i18n.ts';
import type { PartnerApi } from './partner-api.ts';
import { definition, el, loadFailure } from './ui.ts';
import { w, wordFor } from './words.ts';

export async function renderStanding(main: HTMLElement, api: PartnerApi, timeZone: string): Promise<void> {
  const heading = el('h1', { id: 'page-heading', tabindex: '-1' }, w('me.title'));
  main.replaceChildren(heading, el('p', { role: 'status' }, w('common.loading')));
  try {
    const [profile, points, inbox] = await Promise.all([api.profile(), api.points(), api.inbox()]);
    const { standing } = profile;
    main.replaceChildren(
      heading,
      el('p', { class: 'lead' }, localized(profile.name)),
      el(
        'dl',
        { class: 'facts' },
        definition(w('me.grade'), w('me.gradeValue', { level: standing.grade.level, name: localized(standing.grade.name) }), el('br'), el('span', { class: 'hint' }, w('me.gradeWhy'))),
        definition(
          w('me.reputation'),
          standing.reputation.mean === undefined ? w('me.noRatings') : w('me.reputationValue', { mean: standing.reputation.mean.toFixed(1), count: standing.reputation.count }),
        ),
        definition(w('me.reliability'), w('me.reliabilityValue', standing.reliability)),
        definition(w('me.points'), w('me.pointsValue', { points: standing.points })),
        definition(w('nav.orders'), w('me.openOrders', { count: standing.openOrders })),
      ),
      el('h2', {}, w('me.ledger')),
      points.entries.length === 0
        ? el('p', {}, w('common.none'))
        : el(
            'ul',
            { class: 'plain-list' },
            ...points.entries.map((entry) =>
              el('li', {}, w('me.ledgerEntry', { date: formatDate(entry.at, timeZone), points: entry.points, reasons: entry.reasons.map((reason) => wordFor('reason', reason)).join('、') })),
            ),
          ),
      el('h2', {}, w('me.inbox')),
      inbox.messages.length === 0
        ? el('p', {}, w('common.none'))
        : el(
            'ul',
            { class: 'plain-list inbox' },
            ...inbox.messages.slice(0, 20).map((message) =>
              el(
                'li',
                {},
                el('strong', {}, message.title),
                el('br'),
                el('span', { class: 'hint' }, formatDateTime(message.createdAt, timeZone)),
                el('br'),
                message.data?.offerId && message.event === 'offer.created'
                  ? el('a', { class: 'call-link', href: `#/offers/${encodeURIComponent(message.data.offerId)}` }, w('me.openOffer'))
                  : undefined,
              ),
            ),
          ),
    );
  } catch (error) {
    main.replaceChildren(heading, loadFailure(error, () => void renderStanding(main, api, timeZone)));
  }
}

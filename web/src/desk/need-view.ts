/**
 * A need's page: what the resident asked (with the contact operators may see), why it is here,
 * its steps, every offer with the matcher's explanation, and the actions its status allows
 * (./need-actions.ts), after each of which the page shows the need again as the API now has it.
 */
import { ApiError, type Catalog } from '../api.ts';
import { formatWindow } from '../format.ts';
import type { DeskApi, NeedForOperator, OfferOfNeed, PartnerChoice } from './desk-api.ts';
import { actions, partnerChoices } from './need-actions.ts';
import { announce, categoryName, communityName, definition, el, gridName, loadFailure, statusName, timelineSection, when } from './ui.ts';
import { closeOutcomeWords, constraintWords, groupWords, offerStatusWords, termWords, w } from './words.ts';

export interface NeedPage {
  needId: string;
  followUp: boolean;
}

export async function renderNeed(main: HTMLElement, api: DeskApi, catalog: Catalog | undefined, route: NeedPage): Promise<void> {
  const heading = el('h1', { id: 'page-heading', tabindex: '-1' }, w('need.pageTitle'));
  main.replaceChildren(heading, el('p', {}, w('common.loading')));
  let need: NeedForOperator;
  try {
    need = await api.need(route.needId);
  } catch (error) {
    main.replaceChildren(
      heading,
      error instanceof ApiError && error.status === 404
        ? el('p', { class: 'notice' }, w('need.notFound'))
        : loadFailure(error, () => void renderNeed(main, api, catalog, route)),
    );
    return;
  }
  const partners = await partnerChoices(api, need.category);
  const category = categoryName(catalog, need.category);
  const community = communityName(catalog, need.communityId);
  heading.textContent = w('need.title', { category, community });
  const reload = async (said?: string) => {
    if (said) announce(said);
    await renderNeed(main, api, catalog, route);
    document.getElementById('page-heading')?.focus();
  };
  main.replaceChildren(
    el('p', {}, el('a', { href: '#/worklist' }, w('need.back'))),
    heading,
    summary(need, catalog),
    timeline(need, catalog),
    offers(need, partners, catalog),
    await actions(need, api, partners, route, reload),
  );
}

function summary(need: NeedForOperator, catalog: Catalog | undefined): HTMLElement {
  const where = [communityName(catalog, need.communityId), need.gridId ? gridName(catalog, need.communityId, need.gridId) : undefined]
    .filter(Boolean)
    .join(' · ');
  const reason =
    need.escalation?.message.zh ??
    need.waiting?.reason.zh ??
    (need.referral ? need.referral.unitName : undefined) ??
    (need.closure ? closeOutcomeWords[need.closure.outcome] : undefined);
  const window = need.preferredWindow
    ? formatWindow(need.preferredWindow.from, need.preferredWindow.to, catalog?.district.timeZone)
    : undefined;
  return el(
    'section',
    { 'aria-labelledby': 'summary-title', class: 'card-panel' },
    el('h2', { id: 'summary-title' }, w('need.summary')),
    el(
      'dl',
      { class: 'facts' },
      definition(w('need.status'), el('strong', { 'data-status': need.status }, statusName(need.status))),
      reason && definition(w('need.reason'), reason),
      definition(w('need.where'), where),
      definition(w('need.when'), window ? `${window.from} – ${window.to}` : w('need.anyTime')),
      definition(w('need.urgency'), need.urgency === 'urgent' ? w('need.urgent') : w('need.normal')),
      definition(w('need.groups'), need.specialGroups.map((group) => groupWords[group] ?? group).join('、') || w('common.none')),
      definition(w('need.created'), when(need.createdAt, catalog)),
      need.description !== undefined && definition(w('need.description'), need.description),
      // The contact is on the page, never in its address or title.
      need.contact &&
        definition(w('need.resident'), need.contact.name, ' ', el('a', { href: `tel:${need.contact.phone}` }, need.contact.phone)),
      need.address && definition(w('need.address'), need.address),
      need.assignedPartner && definition(w('need.partner'), need.assignedPartner.name.zh),
    ),
    need.personalDataRemovedAt && el('p', { class: 'notice' }, w('need.personalDataRemoved')),
  );
}

function timeline(need: NeedForOperator, catalog: Catalog | undefined): HTMLElement {
  const steps = need.timeline.map((step) => ({
    at: step.at,
    text: [statusName(step.status), step.reason ? `：${step.reason}` : '', step.by ? w('need.by', { by: step.by }) : ''],
  }));
  return timelineSection('timeline-title', w('need.timeline'), steps, catalog);
}

function offers(need: NeedForOperator, partners: PartnerChoice[], catalog: Catalog | undefined): HTMLElement {
  const section = el('section', { 'aria-labelledby': 'offers-title' }, el('h2', { id: 'offers-title' }, w('need.offers')));
  const rejected = need.escalation?.rejectedByConstraint;
  if (rejected) section.append(el('p', {}, `${w('need.rejectedCounts')}：`, countsText(rejected)));
  if (need.offers.length === 0) {
    section.append(el('p', {}, w('need.noOffers')));
    return section;
  }
  const names = new Map(partners.map((partner) => [partner.id, partner.name.zh]));
  for (const offer of need.offers) section.append(offerCard(offer, names, catalog));
  return section;
}

function countsText(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([name, count]) => `${constraintWords[name] ?? name} ${count}位`)
      .join('，') || w('common.none')
  );
}

function offerCard(offer: OfferOfNeed, names: Map<string, string>, catalog: Catalog | undefined): HTMLElement {
  const explanation = offer.explanation;
  const partner = names.get(offer.partnerId) ?? offer.partnerId;
  const assigned = explanation.assignedBy;
  return el(
    'article',
    { class: 'card-panel', 'data-offer-id': offer.id },
    el('h3', {}, w('need.offer', { attempt: offer.attempt, partner })),
    el(
      'dl',
      { class: 'facts' },
      definition(
        w('need.offerStatus'),
        `${offerStatusWords[offer.status] ?? offer.status}${offer.closeReason ? `（${offer.closeReason}）` : ''}`,
        ' · ',
        when(offer.createdAt, catalog),
      ),
      definition(w('need.why'), offer.shortReason.zh),
      assigned &&
        definition(
          w('need.assignedBy', { by: assigned.by }),
          assigned.note ?? '',
          assigned.override
            ? el(
                'span',
                { class: 'override' },
                ' ',
                w('need.override', {
                  reason: assigned.override.reason,
                  constraints: assigned.override.constraints.map((name) => constraintWords[name] ?? name).join('、'),
                }),
              )
            : undefined,
        ),
      definition(w('need.score'), explanation.score.toFixed(2)),
      definition(
        w('need.candidates'),
        w('need.candidatesText', { considered: explanation.candidates.considered, eligible: explanation.candidates.eligible }),
      ),
      definition(w('need.rejected'), countsText(explanation.rejectedByConstraint)),
      explanation.runnerUps.length > 0 &&
        definition(
          w('need.runnerUps'),
          explanation.runnerUps
            .map((runnerUp) => `${names.get(runnerUp.partnerId) ?? runnerUp.partnerId} ${runnerUp.score.toFixed(2)}`)
            .join('，'),
        ),
    ),
    el(
      'table',
      { class: 'desk-table terms' },
      el('caption', {}, w('need.terms')),
      el('thead', {}, el('tr', {}, ...['项目', '得分', '权重', '贡献', '说明'].map((text) => el('th', { scope: 'col' }, text)))),
      el(
        'tbody',
        {},
        ...explanation.terms.map((term) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, termWords[term.name] ?? term.name),
            el('td', {}, term.grade.toFixed(2)),
            el('td', {}, term.weight.toFixed(2)),
            el('td', {}, term.contribution.toFixed(3)),
            el('td', { lang: 'en' }, term.detail),
          ),
        ),
      ),
    ),
  );
}

/** The active partners offering the need's category, by id (for the offers' names and the assign choice). */

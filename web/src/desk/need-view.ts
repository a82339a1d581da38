/**
 * A need's page: what the resident asked (with the contact operators may see), why it is here,
 * its steps, every offer with the matcher's explanation, and the actions its status allows
 * (lib/needs/operator-actions.ts `allowedFrom`): assign to a partner (an override needs a reason),
 * send back to matching, refer to a co-building unit and record its reply, close with an outcome;
 * from the worklist's follow-ups, record the follow-up. Each action confirms first, and the page
 * shows the need again as the API now has it.
 */
import { ApiError, type Catalog } from '../api.ts';
import { formatWindow } from '../format.ts';
import type { DeskApi, NeedForOperator, OfferOfNeed, PartnerChoice, Unit } from './desk-api.ts';
import {
  actionForm,
  announce,
  categoryName,
  communityName,
  definition,
  el,
  field,
  gridName,
  loadFailure,
  select,
  statusMoved,
  statusName,
  when,
} from './ui.ts';
import {
  closeOutcomeWords,
  constraintWords,
  followUpOutcomeWords,
  groupWords,
  offerStatusWords,
  partnerStatusWords,
  referralOutcomeWords,
  termWords,
  w,
} from './words.ts';

const allowedFrom = {
  assign: ['submitted', 'waiting', 'escalated', 'referred'],
  redispatch: ['waiting', 'escalated', 'referred', 'awaitingConfirmation'],
  refer: ['waiting', 'escalated'],
  reply: ['referred'],
  close: ['submitted', 'offered', 'waiting', 'escalated', 'referred', 'awaitingConfirmation'],
};

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
  return el(
    'section',
    { 'aria-labelledby': 'timeline-title' },
    el('h2', { id: 'timeline-title' }, w('need.timeline')),
    el(
      'ol',
      { class: 'timeline' },
      ...need.timeline.map((step) =>
        el(
          'li',
          {},
          el('strong', {}, when(step.at, catalog)),
          ' ',
          statusName(step.status),
          step.reason ? `：${step.reason}` : '',
          step.by ? w('need.by', { by: step.by }) : '',
        ),
      ),
    ),
  );
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
async function partnerChoices(api: DeskApi, category: string): Promise<PartnerChoice[]> {
  try {
    return (await api.partners(category)).items;
  } catch {
    return [];
  }
}

async function actions(
  need: NeedForOperator,
  api: DeskApi,
  partners: PartnerChoice[],
  route: NeedPage,
  reload: (said?: string) => Promise<void>,
): Promise<HTMLElement> {
  const section = el(
    'section',
    { 'aria-labelledby': 'actions-title', class: 'actions-panel' },
    el('h2', { id: 'actions-title' }, w('need.actions')),
  );
  const movedOn = (status: string | undefined) => void reload(statusMoved(status));
  const can = (action: keyof typeof allowedFrom) => allowedFrom[action].includes(need.status);
  const forms: HTMLElement[] = [];
  if (route.followUp) forms.push(followUpForm(need, api, movedOn));
  if (can('assign')) forms.push(assignForm(need, partners, api, reload, movedOn));
  if (can('redispatch')) {
    const note = noteField('redispatch');
    forms.push(
      actionForm({
        id: 'redispatch',
        title: w('redispatch.title'),
        intro: w('redispatch.intro'),
        fields: [note],
        submit: 'redispatch.submit',
        confirmSubmit: 'redispatch.confirmSubmit',
        confirmText: () => w('redispatch.what'),
        send: () => api.redispatch(need.id, withNote({}, note)),
        movedOn,
        done: () => reload(w('redispatch.done')),
      }),
    );
  }
  if (can('refer')) forms.push(referForm(need, await units(api), api, reload, movedOn));
  if (can('reply')) forms.push(outcomeForm('reply', referralOutcomeWords, (body) => api.referralReply(need.id, body), reload, movedOn));
  if (can('close')) forms.push(outcomeForm('close', closeOutcomeWords, (body) => api.close(need.id, body), reload, movedOn));
  if (forms.length === 0) section.append(el('p', {}, w('need.noActions', { status: statusName(need.status) })));
  section.append(...forms);
  return section;
}

async function units(api: DeskApi): Promise<Unit[]> {
  try {
    return (await api.units()).items;
  } catch {
    return [];
  }
}

function noteField(formId: string) {
  return field(formId, 'note', w('action.note'), el('textarea', { rows: '2', maxlength: '600' }));
}

function withNote<T extends object>(body: T, note: ReturnType<typeof noteField>): T & { note?: string } {
  const text = note.control.value.trim();
  return text ? { ...body, note: text } : body;
}

function assignForm(
  need: NeedForOperator,
  partners: PartnerChoice[],
  api: DeskApi,
  reload: (said?: string) => Promise<void>,
  movedOn: (status: string | undefined) => void,
): HTMLElement {
  const partner = field(
    'assign',
    'partnerId',
    w('assign.partner'),
    select(
      partners.map((entry) => [entry.id, `${entry.name.zh}（${entry.id}）`]),
      w('assign.choose'),
    ),
  );
  const note = noteField('assign');
  const override = el('input', { type: 'checkbox', id: 'assign-override', name: 'override' });
  const reason = field('assign', 'reason', w('assign.reason'), el('textarea', { rows: '2', maxlength: '600' }), w('assign.reasonHint'));
  const overrideBox = el(
    'div',
    { class: 'override-box', hidden: true },
    el('div', { class: 'question' }, el('label', { class: 'check' }, override, ' ', w('assign.override'))),
    reason.wrapper,
  );
  const chosenName = () => partner.control.selectedOptions[0]?.textContent ?? partner.control.value;
  return actionForm({
    id: 'assign',
    title: w('assign.title'),
    fields: [partner, note, reason],
    extra: overrideBox,
    submit: 'assign.submit',
    confirmSubmit: 'assign.confirmSubmit',
    confirmText: () => w('assign.what', { partner: chosenName() }),
    send: () =>
      api.assign(
        need.id,
        withNote(
          {
            partnerId: partner.control.value,
            ...(override.checked
              ? { override: true, ...(reason.control.value.trim() ? { reason: reason.control.value.trim() } : {}) }
              : {}),
          },
          note,
        ),
      ),
    conflict: (error) => {
      const current = (error.problem?.current ?? {}) as {
        status?: string;
        failedConstraints?: string[];
        capacity?: number;
        openOrders?: number;
        partnerStatus?: string;
        offerId?: string;
      };
      if (current.failedConstraints?.length) {
        overrideBox.hidden = false;
        return {
          field: partner,
          text: w('assign.failedConstraints', {
            constraints: current.failedConstraints.map((name) => constraintWords[name] ?? name).join('、'),
          }),
        };
      }
      if (current.capacity !== undefined)
        return { field: partner, text: w('assign.full', { open: current.openOrders ?? current.capacity, capacity: current.capacity }) };
      if (current.partnerStatus)
        return {
          field: partner,
          text: w('assign.notActive', { status: partnerStatusWords[current.partnerStatus] ?? current.partnerStatus }),
        };
      if (current.offerId) return { text: w('assign.liveOffer') };
      return undefined;
    },
    movedOn,
    done: () => reload(w('assign.done', { partner: chosenName() })),
  });
}

function referForm(
  need: NeedForOperator,
  known: Unit[],
  api: DeskApi,
  reload: (said?: string) => Promise<void>,
  movedOn: (status: string | undefined) => void,
): HTMLElement {
  const suggested = known.filter((unit) => unit.topics?.includes(need.category));
  const ordered = [...suggested, ...known.filter((unit) => !suggested.includes(unit))];
  const unit = field(
    'refer',
    'unitId',
    w('refer.unit'),
    select(
      ordered.map((entry) => [entry.id, entry.name]),
      w('assign.choose'),
    ),
    known.length === 0 ? w('refer.noUnits') : undefined,
  );
  const note = noteField('refer');
  const unitName = () => unit.control.selectedOptions[0]?.textContent ?? unit.control.value;
  return actionForm({
    id: 'refer',
    title: w('refer.title'),
    fields: [unit, note],
    submit: 'refer.submit',
    confirmSubmit: 'refer.confirmSubmit',
    confirmText: () => w('refer.what', { unit: unitName() }),
    send: () => api.refer(need.id, withNote({ unitId: unit.control.value }, note)),
    movedOn,
    done: () => reload(w('refer.done', { unit: unitName() })),
  });
}

function outcomeForm(
  kind: 'reply' | 'close',
  outcomes: Record<string, string>,
  send: (body: { outcome: string; note?: string }) => Promise<unknown>,
  reload: (said?: string) => Promise<void>,
  movedOn: (status: string | undefined) => void,
): HTMLElement {
  const outcome = field(
    kind,
    'outcome',
    w(kind === 'close' ? 'close.outcome' : 'reply.outcome'),
    select(Object.entries(outcomes), w('assign.choose')),
  );
  const note = noteField(kind);
  return actionForm({
    id: kind,
    title: w(kind === 'close' ? 'close.title' : 'reply.title'),
    fields: [outcome, note],
    submit: kind === 'close' ? 'close.submit' : 'reply.submit',
    confirmSubmit: kind === 'close' ? 'close.confirmSubmit' : 'reply.confirmSubmit',
    confirmText: () => w(kind === 'close' ? 'close.what' : 'reply.what'),
    send: () => send(withNote({ outcome: outcome.control.value }, note)),
    movedOn,
    done: () => reload(w(kind === 'close' ? 'close.done' : 'reply.done')),
  });
}

function followUpForm(need: NeedForOperator, api: DeskApi, movedOn: (status: string | undefined) => void): HTMLElement {
  const outcome = field('follow-up', 'outcome', w('followUp.outcome'), select(Object.entries(followUpOutcomeWords), w('assign.choose')));
  const note = noteField('follow-up');
  return actionForm({
    id: 'follow-up',
    title: w('followUp.title'),
    fields: [outcome, note],
    submit: 'followUp.submit',
    confirmSubmit: 'followUp.confirmSubmit',
    confirmText: () => w('followUp.what'),
    send: () => api.closeFollowUp(need.id, withNote({ outcome: outcome.control.value }, note)),
    conflict: () => ({ text: w('followUp.already') }),
    movedOn,
    done: () => {
      location.hash = `#/needs/${encodeURIComponent(need.id)}`;
      announce(w('followUp.done'));
    },
  });
}

/**
 * The actions on a need's page that its status allows (lib/needs/operator-actions.ts `allowedFrom`):
 * assign to a partner (an override needs a reason), send back to matching, refer to a co-building
 * unit and record its reply, close with an outcome, and, from the worklist's follow-ups, record the
 * follow-up. Each confirms first, shows the API's refusal at its field, and reloads the need.
 */
import { allowedFrom } from '../../../lib/needs/operator-action-statuses.ts';
import type { DeskApi, NeedForOperator, PartnerChoice, Unit } from './desk-api.ts';
import type { NeedPage } from './need-view.ts';
import { actionForm, announce, el, field, select, statusMoved, statusName } from './ui.ts';
import { closeOutcomeWords, constraintWords, followUpOutcomeWords, partnerStatusWords, referralOutcomeWords, w } from './words.ts';

/** The console's forms by the API's actions: each is offered only from the statuses the API allows. */
const actionOf = { assign: 'assigned', redispatch: 'redispatched', refer: 'referred', reply: 'referralAnswered', close: 'closed' } as const;

export async function partnerChoices(api: DeskApi, category: string): Promise<PartnerChoice[]> {
  try {
    return (await api.partners(category)).items;
  } catch {
    return [];
  }
}

export async function actions(
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
  const can = (form: keyof typeof actionOf) => (allowedFrom[actionOf[form]] as readonly string[]).includes(need.status);
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

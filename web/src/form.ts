/**
 * The need form (index.html): categories and communities from GET /catalog, simple checks before
 * sending, the API's field problems placed next to their questions, and a confirmation with the
 * tracking link. Nothing typed is lost: errors never reset the form, and a draft is kept in
 * sessionStorage (this tab only) until the need is sent.
 */
import {
  ApiError,
  type Catalog,
  type Confirmation,
  getCatalog,
  NetworkError,
  type NeedSubmission,
  newIdempotencyKey,
  type SubmitResult,
  submitNeed,
  trackingUrl,
} from './api.ts';
import { setUpCodeStep } from './code-step.ts';
import { announce, byId, clearFieldError, copyText, type ErrorSlot, element, hideErrorSummary, showErrorSummary, showFieldError } from './dom.ts';
import { formatDate } from './format.ts';
import { applyTranslations, localized, onLangChange, setUpLanguageSwitch, t } from './i18n.ts';
import { rememberedNeeds, rememberNeed } from './my-needs.ts';
import {
  addressMax,
  descriptionMax,
  type FieldMessage,
  isMainlandMobile,
  type NeedField,
  nameMax,
  needProblemMessage,
  normalisePhone,
} from './problem-fields.ts';
import { addDays, type CalendarDate, dateIn, isoDate, parseIsoDate, zonedIso } from './zoned-time.ts';

interface FormValues {
  category: string;
  description: string;
  communityId: string;
  gridId: string;
  address: string;
  whenDay: string;
  whenDate: string;
  whenPart: string;
  urgency: string;
  specialGroups: string[];
  contactName: string;
  contactPhone: string;
  consentPersonal: boolean;
  consentSensitive: boolean;
}

/** Health, disability and young children: asked for separately (the API leaves them out otherwise). */
const sensitiveGroups = new Set(['disabled', 'seriouslyIll', 'infant']);

/** One send of the form: the key is reused for as long as the body is the same, so a retry or a double tap creates one need. */
interface Attempt {
  key: string;
  body: string;
}

const draftKey = 'community-services.need-draft';
const dayParts: Record<string, [number, number]> = { allday: [8, 20], morning: [8, 12], afternoon: [13, 18] };

const form = byId<HTMLFormElement>('need-form');
const description = byId<HTMLTextAreaElement>('description');
const communitySelect = byId<HTMLSelectElement>('communityId');
const gridSelect = byId<HTMLSelectElement>('gridId');
const whenDate = byId<HTMLInputElement>('whenDate');
const summary = byId('error-summary');
const summaryList = byId('error-summary-list');
const formError = byId('form-error');
const submitButton = byId<HTMLButtonElement>('submit');

let catalog: Catalog | undefined;
let attempt: Attempt | undefined;
let sending = false;
let shownErrors: FieldMessage<NeedField>[] = [];
let formProblem: { key: Parameters<typeof t>[0]; params?: Record<string, string | number> } | undefined;
let done: SubmitResult | undefined;
/** A saved need waiting for its SMS code (the code step is showing). */
let awaiting: { result: SubmitResult; category: string } | undefined;

const timeZone = () => catalog?.district.timeZone ?? 'Asia/Shanghai';

function radios(name: string): HTMLInputElement[] {
  return Array.from(form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`));
}

function checkedValue(name: string): string {
  return radios(name).find((input) => input.checked)?.value ?? '';
}

function firstOrChecked(name: string): HTMLElement {
  const all = radios(name);
  return all.find((input) => input.checked) ?? all[0] ?? form;
}

function slot(container: string, message: string, describedTarget: string, invalid: string[], focus: () => HTMLElement): ErrorSlot {
  return {
    container: byId(container),
    message: byId(message),
    describedTarget: byId(describedTarget),
    invalidTargets: invalid.map((id) => byId(id)),
    focusTarget: focus,
  };
}

const slots: Record<Exclude<NeedField, 'form'>, ErrorSlot> = {
  category: slot('category-group', 'category-error', 'category-group', [], () => firstOrChecked('category')),
  description: slot('description-question', 'description-error', 'description', ['description'], () => description),
  communityId: slot('community-question', 'communityId-error', 'communityId', ['communityId'], () => communitySelect),
  gridId: slot('grid-question', 'gridId-error', 'gridId', ['gridId'], () => gridSelect),
  address: slot('address-question', 'address-error', 'address', ['address'], () => byId('address')),
  when: slot('when-group', 'when-error', 'when-group', [], () =>
    checkedValue('whenDay') === 'date' ? whenDate : firstOrChecked('whenDay'),
  ),
  urgency: slot('urgency-group', 'urgency-error', 'urgency-group', [], () => firstOrChecked('urgency')),
  specialGroups: slot('groups-group', 'specialGroups-error', 'groups-group', [], () => firstOrChecked('specialGroups')),
  'contact.name': slot('name-question', 'contactName-error', 'contactName', ['contactName'], () => byId('contactName')),
  'contact.phone': slot('phone-question', 'contactPhone-error', 'contactPhone', ['contactPhone'], () => byId('contactPhone')),
  consent: slot('consent-group', 'consent-error', 'consent-group', ['consentPersonal'], () => byId('consentPersonal')),
};

const fieldOrder = Object.keys(slots) as Array<keyof typeof slots>;

// ---------------------------------------------------------------------------------------------
// Catalog

async function loadCatalog(): Promise<void> {
  byId('loading').hidden = false;
  byId('load-error').hidden = true;
  try {
    catalog = await getCatalog();
  } catch {
    byId('loading').hidden = true;
    byId('load-error').hidden = false;
    return;
  }
  renderCatalog(catalog);
  restoreDraft();
  updateWhen();
  updateCounter();
  renderRecent();
  byId('loading').hidden = true;
  form.hidden = false;
}

function renderCatalog(loaded: Catalog): void {
  const ordered = [...loaded.categories.filter((c) => !c.escalateOnly), ...loaded.categories.filter((c) => c.escalateOnly)];
  byId('category-options').replaceChildren(
    ...ordered.map((category) => {
      const id = `category-${category.code}`;
      const text = element('span', { class: 'card-text' }, element('span', { class: 'card-label', 'data-category-label': category.code }));
      if (category.escalateOnly) text.append(element('span', { class: 'card-hint', 'data-i18n': 'category.escalateHint' }));
      return element(
        'label',
        { class: category.escalateOnly ? 'card card-wide' : 'card', for: id },
        element('input', { type: 'radio', id, name: 'category', value: category.code, required: true }),
        text,
      );
    }),
  );

  communitySelect.replaceChildren(element('option', { value: '', 'data-i18n': 'community.choose' }));
  const bySubdistrict = new Map<string, Catalog['communities']>();
  for (const community of loaded.communities) {
    const key = community.subdistrict ? JSON.stringify(community.subdistrict) : '';
    bySubdistrict.set(key, [...(bySubdistrict.get(key) ?? []), community]);
  }
  for (const [key, communities] of bySubdistrict) {
    const options = communities.map((community) => element('option', { value: community.id, 'data-community': community.id }));
    if (key && bySubdistrict.size > 1) {
      communitySelect.append(element('optgroup', { 'data-subdistrict': key }, ...options));
    } else {
      communitySelect.append(...options);
    }
  }
  if (loaded.communities.length === 1 && loaded.communities[0]) communitySelect.value = loaded.communities[0].id;
  renderGrids();
  const today = dateIn(timeZone());
  whenDate.min = isoDate(today);
  whenDate.max = isoDate(addDays(today, 90));
  relabelCatalog();
}

function renderGrids(keep = gridSelect.value): void {
  const community = catalog?.communities.find((c) => c.id === communitySelect.value);
  const grids = community?.grids ?? [];
  gridSelect.replaceChildren(
    element('option', { value: '', 'data-i18n': 'grid.none' }),
    ...grids.map((grid) => element('option', { value: grid.id, 'data-grid': grid.id })),
  );
  gridSelect.value = grids.some((grid) => grid.id === keep) ? keep : '';
  byId('grid-question').hidden = grids.length === 0;
  relabelCatalog();
}

/** Catalog names in the current language; the inputs keep their values. */
function relabelCatalog(): void {
  if (!catalog) return;
  for (const label of Array.from(form.querySelectorAll<HTMLElement>('[data-category-label]'))) {
    const category = catalog.categories.find((c) => c.code === label.dataset.categoryLabel);
    label.textContent = localized(category?.label, label.dataset.categoryLabel);
  }
  for (const option of Array.from(communitySelect.querySelectorAll<HTMLOptionElement>('option[data-community]'))) {
    const community = catalog.communities.find((c) => c.id === option.dataset.community);
    option.textContent = localized(community?.name, option.value);
  }
  for (const group of Array.from(communitySelect.querySelectorAll<HTMLOptGroupElement>('optgroup[data-subdistrict]'))) {
    group.label = localized(JSON.parse(group.dataset.subdistrict ?? 'null') ?? undefined);
  }
  const community = catalog.communities.find((c) => c.id === communitySelect.value);
  for (const option of Array.from(gridSelect.querySelectorAll<HTMLOptionElement>('option[data-grid]'))) {
    option.textContent = localized(community?.grids.find((g) => g.id === option.dataset.grid)?.name, option.value);
  }
  applyTranslations(form);
}

function renderRecent(): void {
  const needs = rememberedNeeds();
  const section = byId('recent');
  section.hidden = needs.length === 0;
  byId('recent-list').replaceChildren(
    ...needs.map((need) => {
      const category = localized(catalog?.categories.find((c) => c.code === need.category)?.label, need.category);
      const text = t('form.recentItem', { category, date: formatDate(need.createdAt, timeZone()) });
      return element('li', {}, element('a', { href: trackingUrl(need.id, need.token) }, text));
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Reading, checking and building

function readForm(): FormValues {
  return {
    category: checkedValue('category'),
    description: description.value,
    communityId: communitySelect.value,
    gridId: gridSelect.value,
    address: byId<HTMLInputElement>('address').value,
    whenDay: checkedValue('whenDay') || 'any',
    whenDate: whenDate.value,
    whenPart: checkedValue('whenPart') || 'allday',
    urgency: checkedValue('urgency') || 'normal',
    specialGroups: radios('specialGroups')
      .filter((input) => input.checked)
      .map((input) => input.value),
    contactName: byId<HTMLInputElement>('contactName').value,
    contactPhone: byId<HTMLInputElement>('contactPhone').value,
    consentPersonal: byId<HTMLInputElement>('consentPersonal').checked,
    consentSensitive: byId<HTMLInputElement>('consentSensitive').checked,
  };
}

/** The second consent is asked only when a sensitive group is ticked. */
function updateSensitiveConsent(): void {
  const asked = radios('specialGroups').some((input) => input.checked && sensitiveGroups.has(input.value));
  byId('consent-sensitive-choice').hidden = !asked;
}

function chosenDate(values: FormValues): CalendarDate | undefined {
  const today = dateIn(timeZone());
  if (values.whenDay === 'today') return today;
  if (values.whenDay === 'tomorrow') return addDays(today, 1);
  if (values.whenDay === 'date') return parseIsoDate(values.whenDate);
  return undefined;
}

function preferredWindow(values: FormValues): { from: string; to: string; endsAt: number } | undefined {
  const date = chosenDate(values);
  if (!date) return undefined;
  const [fromHour, toHour] = dayParts[values.whenPart] ?? [8, 20];
  const from = zonedIso(date, fromHour, 0, timeZone());
  const to = zonedIso(date, toHour, 0, timeZone());
  return { from: from.iso, to: to.iso, endsAt: to.instant };
}

/** The simple rules, checked before sending; the API checks them again and more. */
function check(values: FormValues, now = Date.now()): FieldMessage<NeedField>[] {
  const problems: FieldMessage<NeedField>[] = [];
  if (!values.category) problems.push({ field: 'category', key: 'error.category' });
  const text = values.description.trim();
  if (!text) problems.push({ field: 'description', key: 'error.description' });
  else if (text.length > descriptionMax) {
    problems.push({
      field: 'description',
      key: 'error.descriptionLong',
      params: { max: descriptionMax, over: text.length - descriptionMax },
    });
  }
  if (!values.communityId) problems.push({ field: 'communityId', key: 'error.community' });
  if (values.address.trim().length > addressMax) problems.push({ field: 'address', key: 'error.address' });
  if (values.whenDay === 'date' && !parseIsoDate(values.whenDate)) problems.push({ field: 'when', key: 'error.whenDate' });
  else {
    const window = preferredWindow(values);
    if (window && window.endsAt <= now) problems.push({ field: 'when', key: 'error.whenPast' });
  }
  const name = values.contactName.trim();
  if (!name) problems.push({ field: 'contact.name', key: 'error.name' });
  else if (name.length > nameMax) problems.push({ field: 'contact.name', key: 'error.nameLong' });
  if (!values.contactPhone.trim()) problems.push({ field: 'contact.phone', key: 'error.phoneMissing' });
  else if (!isMainlandMobile(values.contactPhone)) problems.push({ field: 'contact.phone', key: 'error.phone' });
  if (!values.consentPersonal) problems.push({ field: 'consent', key: 'error.consent' });
  return problems;
}

function submission(values: FormValues): NeedSubmission {
  const window = preferredWindow(values);
  const address = values.address.trim();
  return {
    category: values.category,
    description: values.description.trim(),
    communityId: values.communityId,
    ...(values.gridId ? { gridId: values.gridId } : {}),
    ...(address ? { address } : {}),
    ...(window ? { preferredWindow: { from: window.from, to: window.to } } : {}),
    urgency: values.urgency === 'urgent' ? 'urgent' : 'normal',
    specialGroups: values.specialGroups,
    contact: { name: values.contactName.trim(), phone: normalisePhone(values.contactPhone) },
    consent: { personalInfo: true, sensitive: values.consentSensitive && values.specialGroups.some((group) => sensitiveGroups.has(group)) },
  };
}

// ---------------------------------------------------------------------------------------------
// Showing problems

function clearProblems(): void {
  for (const field of fieldOrder) clearFieldError(slots[field]);
  hideErrorSummary(summary, summaryList);
  formError.hidden = true;
  formError.replaceChildren();
  shownErrors = [];
  formProblem = undefined;
}

/** Field problems next to their questions (first one per question), listed and linked at the top; the focus goes to the list. */
function showProblems(problems: FieldMessage<NeedField>[], moveFocus = true): void {
  const first = new Map<NeedField, FieldMessage<NeedField>>();
  for (const problem of problems) if (!first.has(problem.field)) first.set(problem.field, problem);
  shownErrors = [...first.values()];
  const items: Array<{ text: string; slot?: ErrorSlot }> = [];
  for (const field of fieldOrder) {
    const problem = first.get(field);
    if (!problem) continue;
    const text = t(problem.key, problem.params);
    showFieldError(slots[field], text);
    items.push({ text, slot: slots[field] });
  }
  const general = first.get('form');
  if (general) items.push({ text: t(general.key, general.params) });
  // After a language switch the same list is re-labelled where it is, without moving the focus.
  if (items.length > 0) showErrorSummary(summary, summaryList, items, { moveFocus });
}

/** A problem with the send as a whole (network, server): said at the button, with the form untouched. */
function showFormProblem(key: Parameters<typeof t>[0], params?: Record<string, string | number>): void {
  formProblem = { key, ...(params ? { params } : {}) };
  formError.replaceChildren(element('p', {}, t(key, params)));
  formError.hidden = false;
}

/** Clears a question's error as soon as what is there now passes the simple check. */
function recheck(field: NeedField): void {
  if (!shownErrors.some((problem) => problem.field === field)) return;
  if (check(readForm()).some((problem) => problem.field === field)) return;
  shownErrors = shownErrors.filter((problem) => problem.field !== field);
  if (field !== 'form') clearFieldError(slots[field]);
}

// ---------------------------------------------------------------------------------------------
// Sending

async function onSubmit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (sending) return;
  clearProblems();
  const values = readForm();
  const problems = check(values);
  if (problems.length > 0) {
    showProblems(problems);
    return;
  }
  const body = submission(values);
  const bodyJson = JSON.stringify(body);
  if (!attempt || attempt.body !== bodyJson) attempt = { key: newIdempotencyKey(), body: bodyJson };
  saveDraft();

  setSending(true);
  try {
    const result = await submitNeed(body, attempt.key);
    if (result.status === 'awaitingConfirmation' && result.confirmation) showCodeStep(result, result.confirmation, body.category);
    else showDone(result, body.category);
  } catch (error) {
    if (error instanceof NetworkError) showFormProblem('common.network');
    else if (error instanceof ApiError) showApiError(error, values);
    else showFormProblem('common.server');
  } finally {
    setSending(false);
  }
}

function showApiError(error: ApiError, values: FormValues): void {
  if (error.status === 400 || error.status === 422) {
    const lengths = { description: values.description.trim().length };
    const problems = (error.problem?.errors ?? []).map((problem) => needProblemMessage(problem, lengths));
    showProblems(problems.length > 0 ? problems : [{ field: 'form', key: 'error.body' }]);
  } else if (error.status === 413) {
    showFormProblem('error.tooLarge');
  } else if (error.status === 409 && error.problem?.current?.code === 'duplicate_need') {
    showFormProblem('error.duplicate');
  } else if (error.status === 409) {
    // A reused key with another body; the next send gets a fresh key.
    attempt = undefined;
    showFormProblem('error.conflict');
  } else if (error.status === 429) {
    const code = error.problem?.code;
    if (code === 'phone_open_limit') showFormProblem('error.phoneOpenLimit');
    else if (code === 'phone_daily_limit') showFormProblem('error.phoneDailyLimit');
    else showFormProblem('error.tooFast', { seconds: Math.max(1, Math.round(error.problem?.retryAfterSeconds ?? 60)) });
  } else {
    showFormProblem('common.server');
  }
}

function setSending(value: boolean): void {
  sending = value;
  // aria-disabled rather than disabled: the button keeps the focus, and a second tap is ignored above.
  if (value) submitButton.setAttribute('aria-disabled', 'true');
  else submitButton.removeAttribute('aria-disabled');
  byId('sending').textContent = value ? t('submit.sending') : '';
}

/** The need is saved (kept in this browser's list, the draft cleared); a new phone number types the SMS code next. */
function showCodeStep(result: SubmitResult, confirmation: Confirmation, category: string): void {
  awaiting = { result, category };
  rememberNeed({ id: result.id, token: result.trackingToken, category, createdAt: new Date().toISOString() });
  clearDraft();
  attempt = undefined;
  byId<HTMLAnchorElement>('code-track').href = trackingUrl(result.id, result.trackingToken);
  form.hidden = true;
  byId('recent').hidden = true;
  byId('code-step').hidden = false;
  codeStep.show({ id: result.id, token: result.trackingToken, confirmation });
  document.title = `${t('code.heading')} · ${t('site.name')}`;
  const heading = byId('code-heading');
  heading.focus();
  heading.scrollIntoView({ block: 'start' });
}

const codeStep = setUpCodeStep(() => {
  if (!awaiting) return;
  const { result, category } = awaiting;
  awaiting = undefined;
  byId('code-step').hidden = true;
  showDone(result, category);
  announce(t('code.confirmed'));
});

function showDone(result: SubmitResult, category: string): void {
  done = result;
  rememberNeed({ id: result.id, token: result.trackingToken, category, createdAt: new Date().toISOString() });
  clearDraft();
  attempt = undefined;
  const url = trackingUrl(result.id, result.trackingToken);
  byId<HTMLInputElement>('done-link').value = url;
  byId<HTMLAnchorElement>('done-track').href = url;
  form.hidden = true;
  byId('recent').hidden = true;
  byId('done').hidden = false;
  document.title = `${t('done.heading')} · ${t('site.name')}`;
  const heading = byId('done-heading');
  heading.focus();
  heading.scrollIntoView({ block: 'start' });
}

function startAnother(): void {
  done = undefined;
  form.reset();
  clearProblems();
  byId('done').hidden = true;
  form.hidden = false;
  document.title = t('form.title');
  renderGrids('');
  updateWhen();
  updateCounter();
  renderRecent();
  byId('page-heading').setAttribute('tabindex', '-1');
  byId('page-heading').focus();
  window.scrollTo(0, 0);
}

// ---------------------------------------------------------------------------------------------
// Live parts of the form

function updateCounter(): void {
  const count = description.value.trim().length;
  const over = count - descriptionMax;
  const counter = byId('description-counter');
  counter.textContent = over > 0 ? t('description.counterOver', { count, over }) : t('description.counter', { count, max: descriptionMax });
  counter.classList.toggle('counter-over', over > 0);
}

function updateWhen(): void {
  const day = checkedValue('whenDay');
  byId('when-date-field').hidden = day !== 'date';
  byId('when-part-group').hidden = day === 'any' || day === '';
}

function saveDraft(): void {
  try {
    sessionStorage.setItem(draftKey, JSON.stringify({ values: readForm(), attempt }));
  } catch {
    // No storage: the page itself still keeps everything.
  }
}

function clearDraft(): void {
  try {
    sessionStorage.removeItem(draftKey);
  } catch {
    // Nothing to clear.
  }
}

function restoreDraft(): void {
  let saved: { values?: Partial<FormValues>; attempt?: Attempt } | undefined;
  try {
    saved = JSON.parse(sessionStorage.getItem(draftKey) ?? 'null') ?? undefined;
  } catch {
    return;
  }
  const values = saved?.values;
  if (!values) return;
  if (saved?.attempt && typeof saved.attempt.key === 'string' && typeof saved.attempt.body === 'string') attempt = saved.attempt;
  const setChecked = (name: string, value: string | undefined) => {
    for (const input of radios(name)) if (value !== undefined) input.checked = input.value === value;
  };
  setChecked('category', values.category);
  description.value = values.description ?? '';
  if (values.communityId && catalog?.communities.some((c) => c.id === values.communityId)) communitySelect.value = values.communityId;
  renderGrids(values.gridId ?? '');
  byId<HTMLInputElement>('address').value = values.address ?? '';
  setChecked('whenDay', values.whenDay);
  whenDate.value = values.whenDate ?? '';
  setChecked('whenPart', values.whenPart);
  setChecked('urgency', values.urgency);
  for (const input of radios('specialGroups')) input.checked = (values.specialGroups ?? []).includes(input.value);
  byId<HTMLInputElement>('contactName').value = values.contactName ?? '';
  byId<HTMLInputElement>('contactPhone').value = values.contactPhone ?? '';
  byId<HTMLInputElement>('consentPersonal').checked = values.consentPersonal === true;
  byId<HTMLInputElement>('consentSensitive').checked = values.consentSensitive === true;
  updateSensitiveConsent();
}

function fieldOfInput(target: EventTarget | null): NeedField | undefined {
  if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement))
    return undefined;
  switch (target.name) {
    case 'category':
    case 'description':
    case 'communityId':
    case 'gridId':
    case 'address':
    case 'urgency':
    case 'specialGroups':
      return target.name;
    case 'whenDay':
    case 'whenDate':
    case 'whenPart':
      return 'when';
    case 'contactName':
      return 'contact.name';
    case 'contactPhone':
      return 'contact.phone';
    case 'consentPersonal':
    case 'consentSensitive':
      return 'consent';
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

function start(): void {
  setUpLanguageSwitch();
  onLangChange(() => {
    relabelCatalog();
    renderRecent();
    updateCounter();
    if (shownErrors.length > 0) showProblems(shownErrors, false);
    if (formProblem) showFormProblem(formProblem.key, formProblem.params);
    if (sending) byId('sending').textContent = t('submit.sending');
    codeStep.relabel();
    document.title = done ? `${t('done.heading')} · ${t('site.name')}` : awaiting ? `${t('code.heading')} · ${t('site.name')}` : t('form.title');
  });
  form.addEventListener('submit', (event) => void onSubmit(event as SubmitEvent));
  form.addEventListener('input', (event) => {
    if (event.target === description) updateCounter();
    const field = fieldOfInput(event.target);
    if (field) recheck(field);
    saveDraft();
  });
  form.addEventListener('change', (event) => {
    if (event.target === communitySelect) renderGrids('');
    if (event.target instanceof HTMLInputElement && event.target.name === 'whenDay') updateWhen();
    if (event.target instanceof HTMLInputElement && event.target.name === 'specialGroups') updateSensitiveConsent();
    const field = fieldOfInput(event.target);
    if (field) recheck(field);
    saveDraft();
  });
  byId('load-retry').addEventListener('click', () => void loadCatalog());
  byId('done-copy').addEventListener('click', async () => {
    const input = byId<HTMLInputElement>('done-link');
    const copied = await copyText(input.value, input);
    const status = byId('copy-status');
    status.textContent = '';
    window.setTimeout(() => {
      status.textContent = t(copied ? 'common.copied' : 'common.copyFailed');
    }, 100);
  });
  byId('done-another').addEventListener('click', startAnother);
  void loadCatalog();
}

start();

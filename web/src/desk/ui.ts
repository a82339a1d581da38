/**
 * What the desk's views share: names from the catalog, ages in plain words, a loading failure with
 * a way to try again, and an action form that asks to confirm, sends, and shows the API's refusal
 * in plain Chinese next to the field it names (or above the buttons when it names none).
 */
import { announce } from '../announce.ts';
import { ApiError, type Catalog, NetworkError } from '../api.ts';
import { button, type Child, definition, el } from '../elements.ts';
import { defaultTimeZone, formatDateTime } from '../format.ts';
import { SignedOut } from '../staff-auth/staff-call.ts';
import { signedOutByApi } from '../staff-auth/staff-frame.ts';
import { type DeskKey, statusWords, w } from './words.ts';

export { announce, button, definition, el };

export function categoryName(catalog: Catalog | undefined, code: string): string {
  return catalog?.categories.find((category) => category.code === code)?.label.zh ?? code;
}

export function communityName(catalog: Catalog | undefined, id: string): string {
  return catalog?.communities.find((community) => community.id === id)?.name.zh ?? id;
}

/** The catalog's categories and communities as a select's options (code or id, Chinese name). */
export function categoryOptions(catalog: Catalog | undefined): Array<[string, string]> {
  return (catalog?.categories ?? []).map((entry) => [entry.code, entry.label.zh]);
}

export function communityOptions(catalog: Catalog | undefined): Array<[string, string]> {
  return (catalog?.communities ?? []).map((entry) => [entry.id, entry.name.zh]);
}

export function gridName(catalog: Catalog | undefined, communityId: string, gridId: string): string {
  return (
    catalog?.communities.find((community) => community.id === communityId)?.grids.find((grid) => grid.id === gridId)?.name.zh ?? gridId
  );
}

/** A moment in the district's time zone, e.g. "11月24日周二 08:00". */
export function when(iso: string, catalog: Catalog | undefined): string {
  // The console is in Chinese whatever language the resident pages were last switched to in this browser.
  return formatDateTime(iso, catalog?.district.timeZone ?? defaultTimeZone, 'zh');
}

export function age(minutes: number): string {
  if (minutes < 60) return w('common.minutes', { n: minutes });
  if (minutes < 24 * 60) return w('common.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return w('common.days', { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60) });
}

export function minutesSince(iso: string): number {
  return Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60_000));
}

export function statusName(status: string): string {
  return statusWords[status] ?? status;
}

/** A loading failure of a view or a list, with a way to load it again. */
export function loadFailure(error: unknown, reload: () => void): HTMLElement {
  if (error instanceof SignedOut) {
    signedOutByApi();
    return el('p', {}, w('common.expired'));
  }
  const text =
    error instanceof NetworkError
      ? w('common.network')
      : error instanceof ApiError && error.status === 403
        ? w('common.forbidden')
        : w('common.server');
  const retry = button(w('common.retry'), 'secondary');
  retry.addEventListener('click', reload);
  return el('div', { class: 'notice notice-error', role: 'alert' }, el('p', {}, text), retry);
}

/** A labelled control with its hint and its error slot, wired for screen readers. */
type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Field<C extends Control = Control> {
  name: string;
  wrapper: HTMLElement;
  control: C;
  slot: HTMLElement;
  hintId?: string;
}

export function field<C extends Control>(formId: string, name: string, label: string, control: C, hint?: string): Field<C> {
  const id = `${formId}-${name}`;
  control.id = id;
  control.name = name;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  const slot = el('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const wrapper = el(
    'div',
    { class: 'question' },
    el('label', { class: 'label', for: id }, label),
    hint && el('p', { id: hintId, class: 'hint' }, hint),
    slot,
    control,
  );
  return { name, wrapper, control, slot, ...(hintId ? { hintId } : {}) };
}

export function select(options: Array<[string, string]>, placeholder?: string): HTMLSelectElement {
  return el(
    'select',
    {},
    ...(placeholder === undefined ? [] : [el('option', { value: '' }, placeholder)]),
    ...options.map(([value, text]) => el('option', { value }, text)),
  );
}

export function showFieldError(target: Field, text: string): void {
  target.slot.textContent = text;
  target.slot.hidden = false;
  target.wrapper.classList.add('has-error');
  target.control.setAttribute('aria-invalid', 'true');
  target.control.setAttribute('aria-describedby', [target.slot.id, target.hintId].filter(Boolean).join(' '));
}

function clearFieldError(target: Field): void {
  target.slot.hidden = true;
  target.wrapper.classList.remove('has-error');
  target.control.removeAttribute('aria-invalid');
  if (target.hintId) target.control.setAttribute('aria-describedby', target.hintId);
  else target.control.removeAttribute('aria-describedby');
}

/** The API's field problem in plain Chinese (its `detail` is English, for developers). */
export function fieldProblemText(fieldName: string, code: string): string {
  if (fieldName === 'reason' && (code === 'custom' || code === 'required' || code === 'too_small')) return w('problem.overrideReason');
  if (code === 'unknown_value' && fieldName === 'partnerId') return w('problem.unknownPartner');
  if (code === 'unknown_value' && fieldName === 'unitId') return w('problem.unknownUnit');
  if (code === 'required' || code === 'too_small')
    return fieldName === 'note' || fieldName === 'reason' ? w('problem.required') : w('problem.choose');
  if (code === 'too_big') return w('problem.tooLong');
  if (fieldName === 'to' && code === 'custom') return w('problem.toBeforeFrom');
  if (code === 'invalid_format') return w('problem.date');
  if (code === 'invalid_value') return w('problem.choose');
  return w('problem.field');
}

export interface ActionFormOptions {
  id: string;
  title: string;
  intro?: string;
  fields: Field[];
  /** Shown between the fields and the buttons (the override checkbox). */
  extra?: HTMLElement;
  submit: DeskKey;
  confirmSubmit: DeskKey;
  /** What the action will do, asked before it is sent. */
  confirmText: () => string;
  /** A check before confirming: a field and its words, or nothing. */
  check?: () => { field: Field; text: string } | undefined;
  send: () => Promise<unknown>;
  /** A 409 in plain words, placed at a field or above the buttons; undefined: the need moved on. */
  conflict?: (error: ApiError) => { field?: Field; text: string } | undefined;
  /** The API's field problem in this form's own words, when the shared ones do not fit (undefined: them). */
  problemText?: (field: string, code: string) => string | undefined;
  /** The need moved on (a 409 the form does not explain): say so and show it as it is now. */
  movedOn: (status: string | undefined) => void;
  done: () => void | Promise<void>;
}

export function actionForm(options: ActionFormOptions): HTMLFormElement {
  const formError = el('div', { class: 'notice notice-error', role: 'alert', hidden: true });
  const confirmBox = el('p', { class: 'notice confirm', role: 'status', hidden: true });
  const submit = el('button', { type: 'submit', class: 'button button-primary' }, w(options.submit));
  const back = button(w('action.cancel'), 'secondary', { hidden: 'hidden' });
  const form = el(
    'form',
    { id: options.id, class: 'action-form', novalidate: true, 'aria-labelledby': `${options.id}-title` },
    el('h3', { id: `${options.id}-title` }, options.title),
    options.intro && el('p', {}, options.intro),
    // A field inside `extra` (the override's reason) stays there.
    ...options.fields.filter((entry) => !options.extra?.contains(entry.wrapper)).map((entry) => entry.wrapper),
    options.extra,
    formError,
    confirmBox,
    el('div', { class: 'actions-row' }, submit, back),
  );
  let confirming = false;
  const reset = () => {
    confirming = false;
    confirmBox.hidden = true;
    back.hidden = true;
    submit.textContent = w(options.submit);
  };
  back.addEventListener('click', () => {
    reset();
    submit.focus();
  });
  for (const entry of options.fields) entry.control.addEventListener('change', reset);

  const clear = () => {
    formError.hidden = true;
    formError.replaceChildren();
    for (const entry of options.fields) clearFieldError(entry);
  };
  const showFormError = (text: string, retry?: () => void) => {
    const again = retry ? button(w('common.retry'), 'secondary') : undefined;
    again?.addEventListener('click', retry ?? (() => undefined));
    formError.replaceChildren(el('p', {}, text), ...(again ? [again] : []));
    formError.hidden = false;
  };

  const send = async () => {
    if (submit.getAttribute('aria-disabled') === 'true') return;
    submit.setAttribute('aria-disabled', 'true');
    clear();
    try {
      await options.send();
      reset();
      await options.done();
    } catch (error) {
      if (error instanceof SignedOut) {
        signedOutByApi();
        return;
      }
      if (error instanceof NetworkError || !(error instanceof ApiError) || error.status >= 500) {
        showFormError(error instanceof NetworkError ? w('common.network') : w('common.server'), () => void send());
        return;
      }
      reset();
      if (error.status === 409) {
        const explained = options.conflict?.(error);
        if (!explained) {
          options.movedOn(error.problem?.current?.status);
          return;
        }
        if (explained.field) {
          showFieldError(explained.field, explained.text);
          explained.field.control.focus();
        } else showFormError(explained.text);
        return;
      }
      if (error.status === 403 || error.status === 404) {
        showFormError(w(error.status === 403 ? 'common.forbidden' : 'problem.notFound'));
        return;
      }
      const problems = error.problem?.errors ?? [];
      let focused = false;
      for (const problem of problems) {
        const target = options.fields.find((entry) => entry.name === problem.field);
        const text = options.problemText?.(problem.field, problem.code ?? '') ?? fieldProblemText(problem.field, problem.code ?? '');
        if (!target) {
          showFormError(w('problem.form', { detail: text }));
          continue;
        }
        showFieldError(target, text);
        if (!focused) target.control.focus();
        focused = true;
      }
      if (problems.length === 0) showFormError(w('problem.refused', { status: error.status }));
    } finally {
      submit.removeAttribute('aria-disabled');
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!confirming) {
      clear();
      const problem = options.check?.();
      if (problem) {
        showFieldError(problem.field, problem.text);
        problem.field.control.focus();
        return;
      }
      confirming = true;
      confirmBox.textContent = w('action.confirm', { what: options.confirmText() });
      confirmBox.hidden = false;
      back.hidden = false;
      submit.textContent = w(options.confirmSubmit);
      submit.focus();
      return;
    }
    void send();
  });
  return form;
}

export function statusMoved(status: string | undefined): string {
  return w('problem.moved', { status: statusName(status ?? '') });
}

/** "加载更多" under a list while the API gives a cursor: `fetchPage` adds that page's rows and answers the next cursor. */
export function pager(fetchPage: (cursor: string) => Promise<string | undefined>): {
  footer: HTMLElement;
  next(cursor: string | undefined): void;
} {
  const footer = el('div', { class: 'actions' });
  const next = (cursor: string | undefined) => {
    footer.replaceChildren();
    if (!cursor) return;
    const more = button(w('common.more'), 'secondary');
    more.addEventListener('click', async () => {
      if (more.getAttribute('aria-disabled') === 'true') return;
      more.setAttribute('aria-disabled', 'true');
      try {
        next(await fetchPage(cursor));
      } catch (error) {
        footer.replaceChildren(loadFailure(error, () => next(cursor)));
      }
    });
    footer.append(more);
  };
  return { footer, next };
}

/** A titled list of dated steps (a need's steps, a partner's admission history), oldest first. */
export function timelineSection(id: string, title: string, steps: Array<{ at: string; text: Child[] }>, catalog: Catalog | undefined): HTMLElement {
  return el(
    'section',
    { 'aria-labelledby': id },
    el('h2', { id }, title),
    el('ol', { class: 'timeline' }, ...steps.map((step) => el('li', {}, el('strong', {}, when(step.at, catalog)), ' ', ...step.text))),
  );
}

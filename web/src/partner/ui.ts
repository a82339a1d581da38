/**
 * What every view of the partner app shares: building elements, the polite announcement line, and
 * running an action so that a failure says what happened in plain words and offers to try again
 * (the routes are idempotent, and an answer that the step was already done counts as done).
 */
import { ApiError, NetworkError, SignedOut } from './partner-api.ts';
import { w } from './words.ts';

type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    created.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== undefined && child !== false) created.append(child);
  return created;
}

export function button(text: string, kind: 'primary' | 'secondary' | 'danger', attributes: Record<string, string> = {}): HTMLButtonElement {
  return el('button', { type: 'button', class: `button button-${kind}`, ...attributes }, text);
}

let announcer: HTMLElement | undefined;
let announcedAt = 0;

/** Says `text` through the page's polite status line (and shows it). */
export function announce(text: string): void {
  announcer ??= document.getElementById('announce') ?? undefined;
  if (!announcer) return;
  announcedAt = Date.now();
  announcer.textContent = '';
  announcer.hidden = false;
  // A fresh text node in a later task: screen readers announce a change, not a node that was there.
  setTimeout(() => {
    if (announcer) announcer.textContent = text;
  }, 50);
}

/** On moving to another view: what an action just said stays (it led here), anything older goes. */
export function onViewChange(): void {
  if (Date.now() - announcedAt > 2000) clearAnnouncement();
}

export function clearAnnouncement(): void {
  if (announcer) {
    announcer.textContent = '';
    announcer.hidden = true;
  }
}

let onSignedOut: () => void = () => undefined;

export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export interface ActionOptions {
  /** Where a failure is shown (a `role="alert"` box inside the card). */
  errorBox: HTMLElement;
  /** The status the step leads to: a 409 saying it is already there means an earlier try got through. */
  reaches?: string;
  /** Plain words for a refusal (400, 403, 409) other than "already done". */
  refusal?: (error: ApiError) => string;
  done: () => void | Promise<void>;
}

/**
 * Runs `action` from `trigger`: busy while it runs, then `done`, or a plain-words failure with a
 * "try again" button that runs the same request again.
 */
export async function runAction(trigger: HTMLButtonElement, action: () => Promise<unknown>, options: ActionOptions): Promise<void> {
  if (trigger.getAttribute('aria-disabled') === 'true') return;
  trigger.setAttribute('aria-disabled', 'true');
  options.errorBox.hidden = true;
  options.errorBox.replaceChildren();
  try {
    await action();
    await options.done();
  } catch (error) {
    if (error instanceof SignedOut) {
      onSignedOut();
      return;
    }
    if (error instanceof ApiError && error.status === 409 && options.reaches && error.problem?.current?.status === options.reaches) {
      await options.done();
      return;
    }
    const retryable = error instanceof NetworkError || !(error instanceof ApiError) || error.status >= 500;
    const text = retryable
      ? error instanceof NetworkError
        ? w('common.network')
        : w('common.server')
      : (error as ApiError).problem?.code === 'partner_not_active'
        ? w('common.notActive')
        : (options.refusal?.(error as ApiError) ?? (error as ApiError).problem?.detail ?? w('common.server'));
    const retry = retryable ? button(w('common.retry'), 'secondary') : undefined;
    options.errorBox.replaceChildren(el('p', {}, text), ...(retry ? [retry] : []));
    options.errorBox.hidden = false;
    retry?.addEventListener('click', () => {
      void runAction(retry, action, options);
    });
  } finally {
    trigger.removeAttribute('aria-disabled');
  }
}

/** A loading failure of a whole view, with a way to load it again. */
export function loadFailure(error: unknown, reload: () => void): HTMLElement {
  if (error instanceof SignedOut) {
    onSignedOut();
    return el('p', {}, w('common.expired'));
  }
  const retry = button(w('common.retry'), 'secondary');
  retry.addEventListener('click', reload);
  return el('div', { class: 'notice notice-error', role: 'alert' }, el('p', {}, error instanceof NetworkError ? w('common.network') : w('common.server')), retry);
}

/** `13700137000` → `137 0013 7000`, as people read a mobile number aloud. */
export function spacedPhone(phone: string): string {
  return phone.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3');
}

export function definition(term: string, ...value: Child[]): HTMLElement {
  return el('div', {}, el('dt', {}, term), el('dd', {}, ...value));
}

/**
 * What every view of the partner app shares: building elements, the polite announcement line, and
 * running an action so that a failure says what happened in plain words and offers to try again
 * (the routes are idempotent, and an answer that the step was already done counts as done).
 */
import { ApiError, NetworkError, SignedOut } from './partner-api.ts';
import { button, definition, el } from '../elements.ts';
import { signedOutByApi } from '../staff-auth/staff-frame.ts';
import { w } from './words.ts';

export { announce, clearAnnouncement, onViewChange } from '../announce.ts';
export { button, definition, el };


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
      signedOutByApi();
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
    signedOutByApi();
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


/**
 * Small DOM helpers shared by the pages: element lookup, field errors wired for screen readers
 * (`aria-describedby`, `aria-invalid`), the error summary, and a polite live region.
 */
import { t } from './i18n.ts';

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    created.setAttribute(name, value === true ? '' : value);
  }
  created.append(...children);
  return created;
}

function tokens(value: string | null): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean);
}

export function addDescribedBy(target: HTMLElement, id: string): void {
  const ids = tokens(target.getAttribute('aria-describedby'));
  if (!ids.includes(id)) target.setAttribute('aria-describedby', [...ids, id].join(' '));
}

export function removeDescribedBy(target: HTMLElement, id: string): void {
  const ids = tokens(target.getAttribute('aria-describedby')).filter((existing) => existing !== id);
  if (ids.length > 0) target.setAttribute('aria-describedby', ids.join(' '));
  else target.removeAttribute('aria-describedby');
}

/**
 * One question's error slot: its message element (`<p id="…-error" class="field-error" hidden>`),
 * the element whose `aria-describedby` names the message (an input, or a fieldset for a group),
 * the inputs marked `aria-invalid`, and where a link from the error summary takes the focus.
 */
export interface ErrorSlot {
  container: HTMLElement;
  message: HTMLElement;
  describedTarget: HTMLElement;
  invalidTargets: HTMLElement[];
  focusTarget: () => HTMLElement;
}

export function showFieldError(slot: ErrorSlot, text: string): void {
  slot.message.replaceChildren(element('span', { class: 'visually-hidden' }, t('common.errorPrefix')), text);
  slot.message.hidden = false;
  slot.container.classList.add('has-error');
  addDescribedBy(slot.describedTarget, slot.message.id);
  for (const target of slot.invalidTargets) target.setAttribute('aria-invalid', 'true');
}

export function clearFieldError(slot: ErrorSlot): void {
  slot.message.hidden = true;
  slot.message.replaceChildren();
  slot.container.classList.remove('has-error');
  removeDescribedBy(slot.describedTarget, slot.message.id);
  for (const target of slot.invalidTargets) target.removeAttribute('aria-invalid');
}

/** Shows a linked list of problems at the top and moves the focus to it (GOV.UK's error summary pattern). */
export function showErrorSummary(
  summary: HTMLElement,
  list: HTMLElement,
  items: Array<{ text: string; slot?: ErrorSlot }>,
  { moveFocus = true }: { moveFocus?: boolean } = {},
): void {
  list.replaceChildren(
    ...items.map(({ text, slot }) => {
      if (!slot) return element('li', {}, text);
      const target = slot.focusTarget();
      const link = element('a', { href: `#${target.id}` }, text);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        focusField(slot);
      });
      return element('li', {}, link);
    }),
  );
  summary.hidden = false;
  if (!moveFocus) return;
  summary.focus();
  summary.scrollIntoView({ block: 'start' });
}

export function hideErrorSummary(summary: HTMLElement, list: HTMLElement): void {
  summary.hidden = true;
  list.replaceChildren();
}

/** Focuses a question's input and scrolls so that its label or legend is in view too. */
export function focusField(slot: ErrorSlot): void {
  slot.container.scrollIntoView({ block: 'start' });
  slot.focusTarget().focus({ preventScroll: true });
}

/** Says something through the page's polite live region (`<div data-live aria-live="polite">`). */
export function announce(text: string): void {
  const region = document.querySelector<HTMLElement>('[data-live]');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a beat, so that the same words said twice are read twice.
  window.setTimeout(() => {
    region.textContent = text;
  }, 100);
}

/** Copies text; falls back to selecting a read-only input where the Clipboard API is unavailable. */
export async function copyText(text: string, fallbackInput?: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallbackInput) return false;
    fallbackInput.focus();
    fallbackInput.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

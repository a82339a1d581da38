/**
 * A list view's filters and its rows a page at a time (the needs, the partners): the API's 400 is
 * shown at the filter it names, and a slower earlier answer never replaces the one asked for last.
 */
import { ApiError } from '../api.ts';
import { el, type Field, fieldProblemText, loadFailure, pager, showFieldError } from './ui.ts';
import { w } from './words.ts';

export interface FilteredListOptions<F, T> {
  id: string;
  fields: Field[];
  apply: string;
  /** The filters the fields start with (kept by the view between visits). */
  filters: F;
  /** The filters chosen, when the form is sent. */
  chosen: (filters: F) => void;
  fetch: (filters: F, cursor?: string) => Promise<{ rows: T[]; cursor?: string }>;
  table: () => { table: HTMLTableElement; add(rows: T[]): void };
  empty: string;
}

export function filteredList<F extends Record<string, string | undefined>, T>(
  options: FilteredListOptions<F, T>,
): { form: HTMLFormElement; results: HTMLElement; load: () => Promise<void> } {
  const { fields } = options;
  let filters = options.filters;
  for (const entry of fields) entry.control.value = filters[entry.name] ?? entry.control.value;
  const form = el(
    'form',
    { id: options.id, class: 'filters', novalidate: true, 'aria-labelledby': `${options.id}-title` },
    el('h2', { id: `${options.id}-title`, class: 'visually-hidden' }, w('needs.filters')),
    el('div', { class: 'filter-row' }, ...fields.map((entry) => entry.wrapper)),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button button-primary' }, options.apply)),
  );
  const results = el('section', { 'aria-live': 'polite', 'aria-busy': 'false' });

  let asked = 0;
  const load = async () => {
    const ask = ++asked;
    results.setAttribute('aria-busy', 'true');
    for (const entry of fields) {
      entry.slot.hidden = true;
      entry.control.removeAttribute('aria-invalid');
    }
    try {
      const first = await options.fetch(filters);
      if (ask !== asked) return;
      if (first.rows.length === 0) {
        results.replaceChildren(el('p', {}, options.empty));
        return;
      }
      const list = options.table();
      list.add(first.rows);
      const asAsked = filters;
      const { footer, next } = pager(async (cursor) => {
        const page = await options.fetch(asAsked, cursor);
        list.add(page.rows);
        return page.cursor;
      });
      next(first.cursor);
      results.replaceChildren(el('div', { class: 'table-scroll' }, list.table), footer);
    } catch (error) {
      if (ask !== asked) return;
      const problems = error instanceof ApiError && error.status === 400 ? (error.problem?.errors ?? []) : [];
      const placed = problems.filter((problem) => {
        const target = fields.find((entry) => entry.name === problem.field);
        if (target) showFieldError(target, fieldProblemText(problem.field, problem.code ?? ''));
        return !!target;
      });
      if (placed.length > 0) results.replaceChildren();
      else results.replaceChildren(loadFailure(error, () => void load()));
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters = Object.fromEntries(fields.map((entry) => [entry.name, entry.control.value]).filter(([, value]) => value !== '')) as F;
    options.chosen(filters);
    void load();
  });
  return { form, results, load };
}

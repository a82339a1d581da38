/** 全部需求: the needs list with the API's filters (status, community, category, creation dates, order), a page at a time. */
import type { Catalog } from '../api.ts';
import type { DeskApi, NeedFilters } from './desk-api.ts';
import { itemTable } from './item-table.ts';
import { el, field, loadFailure, pager, select, showFieldError, fieldProblemText } from './ui.ts';
import { ApiError } from '../api.ts';
import { statusWords, w } from './words.ts';

let filters: NeedFilters = { order: 'newest' };

export async function renderNeeds(main: HTMLElement, api: DeskApi, catalog: Catalog | undefined): Promise<void> {
  const any = w('needs.any');
  const status = field('filters', 'status', w('needs.status'), select(Object.entries(statusWords), any));
  const community = field(
    'filters',
    'communityId',
    w('needs.community'),
    select(
      (catalog?.communities ?? []).map((entry) => [entry.id, entry.name.zh]),
      any,
    ),
  );
  const category = field(
    'filters',
    'category',
    w('needs.category'),
    select(
      (catalog?.categories ?? []).map((entry) => [entry.code, entry.label.zh]),
      any,
    ),
  );
  const from = field('filters', 'from', w('needs.from'), el('input', { type: 'date' }));
  const to = field('filters', 'to', w('needs.to'), el('input', { type: 'date' }));
  const order = field(
    'filters',
    'order',
    w('needs.order'),
    select([
      ['newest', w('needs.newest')],
      ['oldest', w('needs.oldest')],
    ]),
  );
  const fields = [status, community, category, from, to, order];
  for (const entry of fields) entry.control.value = filters[entry.name as keyof NeedFilters] ?? (entry.name === 'order' ? 'newest' : '');
  const form = el(
    'form',
    { id: 'needs-filters', class: 'filters', novalidate: true, 'aria-labelledby': 'filters-title' },
    el('h2', { id: 'filters-title', class: 'visually-hidden' }, w('needs.filters')),
    el('div', { class: 'filter-row' }, ...fields.map((entry) => entry.wrapper)),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button button-primary' }, w('needs.apply'))),
  );
  const results = el('section', { 'aria-live': 'polite', 'aria-busy': 'false' });
  main.replaceChildren(el('h1', { id: 'page-heading', tabindex: '-1' }, w('needs.title')), form, results);

  // A slower earlier answer must not replace the one asked for last.
  let asked = 0;
  const load = async () => {
    const ask = ++asked;
    results.setAttribute('aria-busy', 'true');
    for (const entry of fields) {
      entry.slot.hidden = true;
      entry.control.removeAttribute('aria-invalid');
    }
    try {
      const first = await api.needs(filters);
      if (ask !== asked) return;
      if (first.items.length === 0) {
        results.replaceChildren(el('p', {}, w('needs.empty')));
        return;
      }
      const list = itemTable(w('needs.title'), true);
      list.add(first.items, catalog);
      const { footer, next } = pager(async (cursor) => {
        const page = await api.needs(filters, cursor);
        list.add(page.items, catalog);
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
    filters = Object.fromEntries(
      fields.map((entry) => [entry.name, entry.control.value]).filter(([, value]) => value !== ''),
    ) as NeedFilters;
    void load();
  });
  await load();
}

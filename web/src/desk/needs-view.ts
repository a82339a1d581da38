/** 全部需求: the needs list with the API's filters (status, community, category, creation dates, order), a page at a time. */
import type { Catalog } from '../api.ts';
import type { DeskApi, DeskItem, NeedFilters } from './desk-api.ts';
import { filteredList } from './filtered-list.ts';
import { itemTable } from './item-table.ts';
import { categoryOptions, communityOptions, el, field, select } from './ui.ts';
import { statusWords, w } from './words.ts';

let filters: NeedFilters = { order: 'newest' };

export async function renderNeeds(main: HTMLElement, api: DeskApi, catalog: Catalog | undefined): Promise<void> {
  const any = w('needs.any');
  const status = field('filters', 'status', w('needs.status'), select(Object.entries(statusWords), any));
  const community = field('filters', 'communityId', w('needs.community'), select(communityOptions(catalog), any));
  const category = field('filters', 'category', w('needs.category'), select(categoryOptions(catalog), any));
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
  const list = filteredList<NeedFilters, DeskItem>({
    id: 'needs-filters',
    fields: [status, community, category, from, to, order],
    apply: w('needs.apply'),
    filters,
    chosen: (chosen) => {
      filters = chosen;
    },
    fetch: async (chosen, cursor) => {
      const page = await api.needs(chosen, cursor);
      return { rows: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) };
    },
    table: () => {
      const table = itemTable(w('needs.title'), true);
      return { table: table.table, add: (rows) => table.add(rows, catalog) };
    },
    empty: w('needs.empty'),
  });
  main.replaceChildren(el('h1', { id: 'page-heading', tabindex: '-1' }, w('needs.title')), list.form, list.results);
  await list.load();
}

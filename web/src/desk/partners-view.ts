/** 合伙人: the district's partners with the API's filters (status, category, community), a page at a time. */
import type { Catalog } from '../api.ts';
import type { DeskApi, PartnerFilters, PartnerSummary } from './desk-api.ts';
import { filteredList } from './filtered-list.ts';
import { categoryName, categoryOptions, communityName, communityOptions, el, field, select } from './ui.ts';
import { partnerKindWords, partnerStatusWords, w } from './words.ts';

let filters: PartnerFilters = {};

export async function renderPartners(main: HTMLElement, api: DeskApi, catalog: Catalog | undefined): Promise<void> {
  const any = w('needs.any');
  const status = field('partner-filters', 'status', w('partners.status'), select(Object.entries(partnerStatusWords), any));
  const category = field('partner-filters', 'category', w('partners.category'), select(categoryOptions(catalog), any));
  const community = field('partner-filters', 'communityId', w('partners.community'), select(communityOptions(catalog), any));
  const list = filteredList<PartnerFilters, PartnerSummary>({
    id: 'partner-filters',
    fields: [status, category, community],
    apply: w('needs.apply'),
    filters,
    chosen: (chosen) => {
      filters = chosen;
    },
    fetch: async (chosen, cursor) => {
      const page = await api.partnerList(chosen, cursor);
      return { rows: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) };
    },
    table: () => partnerTable(catalog),
    empty: w('partners.empty'),
  });
  main.replaceChildren(el('h1', { id: 'page-heading', tabindex: '-1' }, w('partners.title')), list.form, list.results);
  await list.load();
}

function partnerTable(catalog: Catalog | undefined): { table: HTMLTableElement; add(rows: PartnerSummary[]): void } {
  const body = el('tbody', {});
  const headings = ['partners.name', 'partners.kind', 'partners.category', 'partners.community', 'partners.status'] as const;
  const table = el(
    'table',
    { class: 'desk-table' },
    el('caption', { class: 'visually-hidden' }, w('partners.title')),
    el('thead', {}, el('tr', {}, ...headings.map((key) => el('th', { scope: 'col' }, w(key))))),
    body,
  );
  const add = (rows: PartnerSummary[]) => {
    for (const partner of rows) {
      body.append(
        el(
          'tr',
          { 'data-partner-id': partner.id },
          el('th', { scope: 'row' }, el('a', { href: `#/partners/${encodeURIComponent(partner.id)}` }, partner.name.zh)),
          el('td', {}, partnerKindWords[partner.kind] ?? partner.kind),
          el('td', {}, partner.capabilities.map((entry) => categoryName(catalog, entry.category)).join('、')),
          el('td', {}, partner.serviceArea.communities.map((id) => communityName(catalog, id)).join('、') || w('common.none')),
          el('td', { 'data-status': partner.status }, partnerStatusWords[partner.status] ?? partner.status),
        ),
      );
    }
  };
  return { table, add };
}

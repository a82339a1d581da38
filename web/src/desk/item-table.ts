/** The needs as the desk lists them (escalations, the needs list): one row each, oldest or newest first, more on demand. */
import type { Catalog } from '../api.ts';
import type { DeskItem } from './desk-api.ts';
import { age, categoryName, communityName, el, gridName, statusName, when } from './ui.ts';
import { groupWords, w } from './words.ts';

export function itemTable(
  caption: string,
  withStatus: boolean,
): { table: HTMLTableElement; add(items: DeskItem[], catalog: Catalog | undefined): void } {
  const body = el('tbody', {});
  const headings = [
    'column.age',
    'column.created',
    ...(withStatus ? (['column.status'] as const) : []),
    'column.category',
    'column.community',
    'column.groups',
    'column.reason',
    'column.need',
  ] as const;
  const table = el(
    'table',
    { class: 'desk-table' },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, ...headings.map((key) => el('th', { scope: 'col' }, w(key))))),
    body,
  );
  return {
    table,
    add(items, catalog) {
      for (const item of items) {
        const where = [communityName(catalog, item.communityId), item.gridId ? gridName(catalog, item.communityId, item.gridId) : undefined]
          .filter(Boolean)
          .join(' · ');
        const category = categoryName(catalog, item.category);
        body.append(
          el(
            'tr',
            { 'data-need-id': item.id },
            el('td', {}, age(item.ageMinutes)),
            el('td', {}, when(item.createdAt, catalog)),
            withStatus && el('td', {}, statusName(item.status)),
            el('td', {}, category, item.urgency === 'urgent' ? el('strong', { class: 'tag tag-urgent' }, w('needs.urgent')) : undefined),
            el('td', {}, where),
            el('td', {}, item.specialGroups.map((group) => groupWords[group] ?? group).join('、') || w('common.none')),
            el('td', {}, item.reason?.zh ?? ''),
            el(
              'td',
              {},
              el(
                'a',
                { href: `#/needs/${encodeURIComponent(item.id)}` },
                w('common.open'),
                el('span', { class: 'visually-hidden' }, `：${category} ${where}`),
              ),
            ),
          ),
        );
      }
    },
  };
}

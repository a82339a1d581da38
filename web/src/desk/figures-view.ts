/** 供需统计: GET /reports/supply-demand as tables: per category, per category × community, and where to recruit. */
import type { Catalog } from '../api.ts';
import type { DeskApi, ReportRow } from './desk-api.ts';
import { categoryName, communityName, el, field, loadFailure } from './ui.ts';
import { w } from './words.ts';

let period: { from?: string; to?: string } = {};

export async function renderFigures(main: HTMLElement, api: DeskApi, catalog: Catalog | undefined): Promise<void> {
  const from = field('period', 'from', w('figures.from'), el('input', { type: 'date' }));
  const to = field('period', 'to', w('figures.to'), el('input', { type: 'date' }));
  from.control.value = period.from ?? '';
  to.control.value = period.to ?? '';
  const form = el(
    'form',
    { id: 'period', class: 'filters', novalidate: true },
    el('div', { class: 'filter-row' }, from.wrapper, to.wrapper),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button button-primary' }, w('figures.apply'))),
  );
  const results = el('div', { 'aria-live': 'polite' }, el('p', {}, w('common.loading')));
  main.replaceChildren(
    el('h1', { id: 'page-heading', tabindex: '-1' }, w('figures.title')),
    el('p', { class: 'lead' }, w('figures.intro')),
    form,
    results,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    period = { ...(from.control.value ? { from: from.control.value } : {}), ...(to.control.value ? { to: to.control.value } : {}) };
    void load(results, api, catalog, () => void renderFigures(main, api, catalog));
  });
  await load(results, api, catalog, () => void renderFigures(main, api, catalog));
}

/** Which load was asked for last: a slower earlier answer must not replace it. */
let asked = 0;

async function load(results: HTMLElement, api: DeskApi, catalog: Catalog | undefined, again: () => void): Promise<void> {
  const ask = ++asked;
  try {
    const report = await api.supplyDemand(period);
    if (ask !== asked) return;
    const recruit = report.recruit.length
      ? el(
          'ul',
          {},
          ...report.recruit.map((entry) =>
            el('li', {}, `${categoryName(catalog, entry.category)} · ${communityName(catalog, entry.communityId)}：${entry.why}`),
          ),
        )
      : el('p', {}, w('figures.noRecruit'));
    results.replaceChildren(
      el('p', {}, el('strong', {}, w('figures.period', { from: report.period.from, to: report.period.to }))),
      el('h2', { id: 'recruit-title' }, w('figures.recruit')),
      recruit,
      el('h2', {}, w('figures.byCategory')),
      table(w('figures.byCategory'), report.byCategory, catalog, false),
      el('h2', {}, w('figures.cells')),
      table(w('figures.cells'), report.cells, catalog, true),
    );
  } catch (error) {
    if (ask !== asked) return;
    results.replaceChildren(loadFailure(error, again));
  }
}

function table(caption: string, rows: ReportRow[], catalog: Catalog | undefined, withCommunity: boolean): HTMLElement {
  if (rows.length === 0) return el('p', {}, w('figures.empty'));
  const headings = [
    w('column.category'),
    ...(withCommunity ? [w('column.community')] : []),
    w('figures.needs'),
    w('figures.served'),
    w('figures.completed'),
    w('figures.unmet'),
    w('figures.partners'),
    w('figures.capacity'),
    w('figures.gap'),
    w('figures.recruitFlag'),
  ];
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'desk-table figures' },
      el('caption', { class: 'visually-hidden' }, caption),
      el('thead', {}, el('tr', {}, ...headings.map((text) => el('th', { scope: 'col' }, text)))),
      el(
        'tbody',
        {},
        ...rows.map((row) =>
          el(
            'tr',
            { class: row.gap.recruit ? 'recruit' : undefined },
            el('th', { scope: 'row' }, categoryName(catalog, row.category)),
            withCommunity && el('td', {}, communityName(catalog, row.communityId ?? '')),
            ...[row.demand.needs, row.demand.served, row.demand.completed, row.demand.unmet, row.supply.partners, row.supply.capacity].map(
              (value) => el('td', { class: 'number' }, String(value)),
            ),
            el('td', { class: 'number' }, `${Math.round(row.gap.unmetShare * 100)}%`),
            el('td', {}, row.gap.recruit ? w('figures.yes') : w('figures.no')),
          ),
        ),
      ),
    ),
  );
}

/** 待办: what the cascade could not settle, oldest first: escalated needs, then low ratings awaiting a follow-up. */
import type { Catalog } from '../api.ts';
import type { DeskApi } from './desk-api.ts';
import { itemTable } from './item-table.ts';
import { age, categoryName, communityName, el, loadFailure, minutesSince, pager } from './ui.ts';
import { groupWords, w } from './words.ts';

export async function renderWorklist(main: HTMLElement, api: DeskApi, catalog: Catalog | undefined): Promise<void> {
  const escalations = el(
    'section',
    { 'aria-labelledby': 'escalations-title' },
    el('h2', { id: 'escalations-title' }, w('worklist.escalations')),
    el('p', {}, w('common.loading')),
  );
  const followUps = el(
    'section',
    { 'aria-labelledby': 'follow-ups-title' },
    el('h2', { id: 'follow-ups-title' }, w('worklist.followUps')),
    el('p', {}, w('common.loading')),
  );
  main.replaceChildren(
    el('h1', { id: 'page-heading', tabindex: '-1' }, w('worklist.title')),
    el('p', { class: 'lead' }, w('worklist.intro')),
    escalations,
    followUps,
  );
  await Promise.all([loadEscalations(escalations, api, catalog), loadFollowUps(followUps, api, catalog)]);
}

async function loadEscalations(section: HTMLElement, api: DeskApi, catalog: Catalog | undefined): Promise<void> {
  const heading = section.firstElementChild as HTMLElement;
  try {
    const first = await api.escalations();
    if (first.needs.length === 0) {
      section.replaceChildren(heading, el('p', {}, w('worklist.noEscalations')));
      return;
    }
    const list = itemTable(w('worklist.escalations'), false);
    list.add(first.needs, catalog);
    const { footer, next } = pager(async (cursor) => {
      const page = await api.escalations(cursor);
      list.add(page.needs, catalog);
      return page.cursor;
    });
    next(first.cursor);
    section.replaceChildren(heading, el('div', { class: 'table-scroll' }, list.table), footer);
  } catch (error) {
    section.replaceChildren(
      heading,
      loadFailure(error, () => void loadEscalations(section, api, catalog)),
    );
  }
}

async function loadFollowUps(section: HTMLElement, api: DeskApi, catalog: Catalog | undefined): Promise<void> {
  const heading = section.firstElementChild as HTMLElement;
  try {
    const first = await api.followUps();
    if (first.followUps.length === 0) {
      section.replaceChildren(heading, el('p', {}, w('worklist.noFollowUps')));
      return;
    }
    const body = el('tbody', {});
    // Each follow-up comes with what its need was: what, where and who, in the same answer.
    const add = (page: typeof first) => {
      page.followUps.forEach((followUp) => {
        const need = followUp.need;
        const category = need ? categoryName(catalog, need.category) : '';
        body.append(
          el(
            'tr',
            { 'data-need-id': followUp.needId },
            el('td', {}, age(minutesSince(followUp.openedAt))),
            el('td', {}, `${followUp.stars} ★`),
            el('td', {}, [followUp.comment, ...(followUp.tags ?? [])].filter(Boolean).join('；') || w('common.none')),
            el('td', {}, category),
            el('td', {}, need ? communityName(catalog, need.communityId) : ''),
            el('td', {}, need ? need.specialGroups.map((group) => groupWords[group] ?? group).join('、') || w('common.none') : ''),
            el('td', {}, need?.partner?.name.zh ?? followUp.partnerId),
            el(
              'td',
              {},
              el(
                'a',
                { href: `#/needs/${encodeURIComponent(followUp.needId)}/follow-up` },
                w('followUp.submit'),
                el('span', { class: 'visually-hidden' }, `：${category}`),
              ),
            ),
          ),
        );
      });
    };
    add(first);
    const table = el(
      'table',
      { class: 'desk-table' },
      el('caption', { class: 'visually-hidden' }, w('worklist.followUps')),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...(
            [
              'column.waited',
              'column.stars',
              'column.comment',
              'column.category',
              'column.community',
              'column.groups',
              'column.partner',
              'column.need',
            ] as const
          ).map((key) => el('th', { scope: 'col' }, w(key))),
        ),
      ),
      body,
    );
    const { footer, next } = pager(async (cursor) => {
      const page = await api.followUps(cursor);
      add(page);
      return page.cursor;
    });
    next(first.cursor);
    section.replaceChildren(heading, el('div', { class: 'table-scroll' }, table), footer);
  } catch (error) {
    section.replaceChildren(
      heading,
      loadFailure(error, () => void loadFollowUps(section, api, catalog)),
    );
  }
}

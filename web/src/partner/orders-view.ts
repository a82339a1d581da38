/**
 * My orders: accepted, started and recently completed, each with the resident's contact (a
 * tap-to-call link) and address; start, complete with a note, or give back with a reason.
 * `#/orders/<id>` opens with that order first and its heading focused.
 */
import { formatWindow } from '../format.ts';
import { localized } from '../i18n.ts';
import type { OrderView, PartnerApi } from './partner-api.ts';
import { announce, button, definition, el, loadFailure, runAction, spacedPhone } from './ui.ts';
import { w, wordFor } from './words.ts';

export async function renderOrders(main: HTMLElement, api: PartnerApi, timeZone: string, focusOrderId?: string): Promise<void> {
  const heading = el('h1', { id: 'page-heading', tabindex: '-1' }, w('orders.title'));
  main.replaceChildren(heading, el('p', { role: 'status' }, w('common.loading')));
  let page: { orders: OrderView[]; cursor?: string };
  try {
    page = await api.orders();
  } catch (error) {
    main.replaceChildren(heading, loadFailure(error, () => void renderOrders(main, api, timeZone, focusOrderId)));
    return;
  }
  const refresh = () => void renderOrders(main, api, timeZone);
  const focused = page.orders.find((order) => order.id === focusOrderId);
  const ordered = focused ? [focused, ...page.orders.filter((order) => order !== focused)] : page.orders;
  const list = el('div', { class: 'order-list' }, ...ordered.map((order) => orderCard(order, api, timeZone, refresh)));
  const more = page.cursor ? button(w('orders.more'), 'secondary') : undefined;
  let cursor = page.cursor;
  more?.addEventListener('click', async () => {
    try {
      const next = await api.orders(cursor);
      list.append(...next.orders.map((order) => orderCard(order, api, timeZone, refresh)));
      cursor = next.cursor;
      if (!cursor) more.remove();
    } catch (error) {
      more.after(loadFailure(error, () => more.click()));
    }
  });
  main.replaceChildren(heading, page.orders.length === 0 ? el('p', {}, w('orders.empty')) : list, ...(more ? [more] : []));
}

function orderCard(order: OrderView, api: PartnerApi, timeZone: string, refresh: () => void): HTMLElement {
  const titleId = `order-${order.id}-title`;
  const place = [localized(order.community.name, order.community.id), order.grid ? localized(order.grid.name, order.grid.id) : ''].filter(Boolean).join(' · ');
  const window = order.preferredWindow ? formatWindow(order.preferredWindow.from, order.preferredWindow.to, timeZone) : undefined;
  const errorBox = el('div', { class: 'notice notice-error', role: 'alert', hidden: true });
  const note = [...order.timeline].reverse().find((step) => step.status === 'completed')?.reason;
  return el(
    'article',
    { class: 'card-panel order', 'aria-labelledby': titleId, 'data-order-id': order.id },
    el('h2', { id: titleId }, `${localized(order.category.label, order.category.code)} · ${place}`),
    el('p', { class: `status-pill status-${order.status}` }, wordFor('status', order.status)),
    el(
      'dl',
      { class: 'facts' },
      order.contact
        ? definition(
            w('orders.resident'),
            el('span', {}, order.contact.name),
            ' ',
            el('a', { class: 'call-link', href: `tel:${order.contact.phone}` }, w('orders.call', { phone: spacedPhone(order.contact.phone) })),
          )
        : definition(w('orders.resident'), w('orders.contactHidden')),
      order.contact ? definition(w('orders.address'), order.address ?? w('orders.noAddress')) : undefined,
      definition(w('offers.when'), window ? `${window.from} – ${window.to}` : w('offers.anyTime')),
      definition(w('offers.what'), order.description),
      order.specialGroups.length > 0 ? definition(w('offers.groups'), order.specialGroups.map((group) => wordFor('group', group)).join('、')) : undefined,
      note ? definition(w('orders.noteLabel'), note) : undefined,
    ),
    errorBox,
    ...steps(order, api, errorBox, refresh),
  );
}

function steps(order: OrderView, api: PartnerApi, errorBox: HTMLElement, refresh: () => void): HTMLElement[] {
  const refusal = () => wordFor('status', order.status);
  if (order.status === 'accepted') {
    const start = button(w('orders.start'), 'primary');
    start.addEventListener('click', () => {
      void runAction(start, () => api.start(order.id), {
        errorBox,
        reaches: 'started',
        refusal,
        done: () => {
          announce(w('orders.started'));
          refresh();
        },
      });
    });
    const reasonId = `release-reason-${order.id}`;
    const reason = el('textarea', { id: reasonId, rows: '2', maxlength: '200', 'aria-describedby': `${reasonId}-hint` });
    const problem = el('p', { id: `${reasonId}-error`, class: 'field-error', hidden: true }, w('orders.releaseMissing'));
    const confirm = button(w('orders.confirmRelease'), 'danger');
    const panel = el(
      'div',
      { id: `release-${order.id}`, class: 'decline-panel', hidden: true },
      el('label', { class: 'label', for: reasonId }, w('orders.releaseLabel')),
      el('p', { id: `${reasonId}-hint`, class: 'hint' }, w('orders.releaseHint')),
      problem,
      reason,
      el('div', { class: 'actions-row' }, confirm),
    );
    const toggle = button(w('orders.release'), 'secondary', { 'aria-expanded': 'false', 'aria-controls': `release-${order.id}` });
    toggle.addEventListener('click', () => {
      panel.hidden = !panel.hidden;
      toggle.setAttribute('aria-expanded', String(!panel.hidden));
      if (!panel.hidden) reason.focus();
    });
    confirm.addEventListener('click', () => {
      const text = reason.value.trim();
      problem.hidden = text !== '';
      if (!text) {
        reason.setAttribute('aria-describedby', `${reasonId}-error ${reasonId}-hint`);
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      reason.removeAttribute('aria-invalid');
      void runAction(confirm, () => api.release(order.id, text), {
        errorBox,
        refusal,
        done: () => {
          announce(w('orders.released'));
          refresh();
        },
      });
    });
    return [el('div', { class: 'actions-row' }, start, toggle), panel];
  }
  if (order.status === 'started') {
    const noteId = `note-${order.id}`;
    const note = el('textarea', { id: noteId, rows: '3', maxlength: '500', 'aria-describedby': `${noteId}-hint` });
    const complete = button(w('orders.confirmComplete'), 'primary');
    complete.addEventListener('click', () => {
      const text = note.value.trim();
      void runAction(complete, () => api.complete(order.id, text || undefined), {
        errorBox,
        reaches: 'completed',
        refusal: (error) => (error.status === 400 ? w('orders.noteTooLong') : refusal()),
        done: () => {
          announce(w('orders.completed'));
          refresh();
        },
      });
    });
    return [
      el(
        'div',
        { class: 'complete-panel' },
        el('label', { class: 'label', for: noteId }, w('orders.noteLabel')),
        el('p', { id: `${noteId}-hint`, class: 'hint' }, w('orders.noteHint')),
        note,
        el('div', { class: 'actions-row' }, complete),
      ),
    ];
  }
  return [];
}

/**
 * My duty roster: weekly slots and dated exceptions ("今天临时有事"), saved whole through
 * PUT /partners/me/schedule. Slots keep the categories they were narrowed to (operators set those).
 */
import { dateIn, isoDate } from '../zoned-time.ts';
import type { DutySchedule, PartnerApi } from './partner-api.ts';
import { announce, button, el, loadFailure, runAction } from './ui.ts';
import { w, wordFor } from './words.ts';

export async function renderRoster(main: HTMLElement, api: PartnerApi, timeZone: string): Promise<void> {
  const heading = el('h1', { id: 'page-heading', tabindex: '-1' }, w('roster.title'));
  main.replaceChildren(heading, el('p', { role: 'status' }, w('common.loading')));
  let schedule: DutySchedule;
  try {
    schedule = structuredClone((await api.profile()).schedule);
  } catch (error) {
    main.replaceChildren(heading, loadFailure(error, () => void renderRoster(main, api, timeZone)));
    return;
  }
  const form = el('form', { id: 'roster-form', novalidate: true });
  const errorBox = el('div', { class: 'notice notice-error', role: 'alert', hidden: true });
  const save = el('button', { type: 'submit', class: 'button button-primary' }, w('roster.save'));

  const draw = () => {
    const always = el('input', { type: 'checkbox', id: 'always-available', checked: schedule.alwaysAvailable });
    always.addEventListener('change', () => {
      schedule.alwaysAvailable = always.checked;
    });
    const slots = schedule.weekly.map((slot, index) => {
      const n = index + 1;
      const day = el(
        'select',
        { id: `slot-${n}-day` },
        ...[1, 2, 3, 4, 5, 6, 7].map((value) => el('option', { value: String(value), selected: value === slot.day }, wordFor('day', value))),
      );
      day.addEventListener('change', () => {
        slot.day = Number(day.value);
      });
      const from = timeInput(`slot-${n}-from`, slot.from, (value) => {
        slot.from = value;
      });
      const to = timeInput(`slot-${n}-to`, slot.to, (value) => {
        slot.to = value;
      });
      const remove = button(w('roster.remove'), 'secondary');
      remove.addEventListener('click', () => {
        schedule.weekly.splice(index, 1);
        draw();
        form.querySelector<HTMLElement>('#add-slot')?.focus();
      });
      return el(
        'fieldset',
        { class: 'subgroup roster-slot' },
        el('legend', {}, w('roster.slotLabel', { n })),
        field(`slot-${n}-day`, w('roster.day'), day),
        el('div', { class: 'time-pair' }, field(`slot-${n}-from`, w('roster.from'), from), field(`slot-${n}-to`, w('roster.to'), to)),
        remove,
      );
    });
    const addSlot = button(w('roster.addSlot'), 'secondary', { id: 'add-slot' });
    addSlot.addEventListener('click', () => {
      schedule.weekly.push({ day: 1, from: '09:00', to: '12:00' });
      draw();
      form.querySelector<HTMLElement>(`#slot-${schedule.weekly.length}-day`)?.focus();
    });

    const exceptions = schedule.exceptions.map((exception, index) => {
      const n = index + 1;
      const date = el('input', { type: 'date', id: `exception-${n}-date`, value: exception.date });
      date.addEventListener('change', () => {
        exception.date = date.value;
      });
      const reason = el('input', { type: 'text', id: `exception-${n}-reason`, value: exception.reason ?? '', maxlength: '200' });
      reason.addEventListener('input', () => {
        if (reason.value.trim()) exception.reason = reason.value.trim();
        else delete exception.reason;
      });
      const remove = button(w('roster.remove'), 'secondary');
      remove.addEventListener('click', () => {
        schedule.exceptions.splice(index, 1);
        draw();
        form.querySelector<HTMLElement>('#today-off')?.focus();
      });
      return el(
        'fieldset',
        { class: 'subgroup roster-exception' },
        el('legend', {}, w('roster.exceptionLabel', { n })),
        field(`exception-${n}-date`, w('roster.date'), date),
        el('p', {}, exception.available ? '' : w('roster.unavailable')),
        field(`exception-${n}-reason`, w('roster.reason'), reason),
        remove,
      );
    });
    const todayOff = button(w('roster.todayOff'), 'secondary', { id: 'today-off' });
    todayOff.addEventListener('click', () => {
      const today = isoDate(dateIn(timeZone));
      schedule.exceptions = schedule.exceptions.filter((exception) => exception.date !== today);
      schedule.exceptions.push({ date: today, available: false, reason: w('roster.todayOffReason') });
      draw();
      form.querySelector<HTMLElement>(`#exception-${schedule.exceptions.length}-date`)?.focus();
    });
    const addException = button(w('roster.addException'), 'secondary');
    addException.addEventListener('click', () => {
      schedule.exceptions.push({ date: isoDate(dateIn(timeZone)), available: false });
      draw();
      form.querySelector<HTMLElement>(`#exception-${schedule.exceptions.length}-date`)?.focus();
    });

    form.replaceChildren(
      el('p', { class: 'lead' }, w('roster.intro')),
      el('div', { class: 'question' }, el('label', { class: 'choice', for: 'always-available' }, always, ` ${w('roster.always')}`)),
      el('h2', {}, w('roster.weekly')),
      ...slots,
      addSlot,
      el('h2', {}, w('roster.exceptions')),
      ...exceptions,
      el('div', { class: 'actions-row' }, todayOff, addException),
      errorBox,
      el('div', { class: 'actions' }, save),
    );
  };
  draw();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void runAction(save, () => api.saveSchedule(schedule), {
      errorBox,
      refusal: (error) => w('roster.invalid', { detail: (error.problem?.errors ?? []).map((problem) => `${problem.field}: ${problem.detail ?? ''}`).join('; ') || (error.problem?.detail ?? '') }),
      done: () => announce(w('roster.saved')),
    });
  });
  main.replaceChildren(heading, form);
}

function timeInput(id: string, value: string, onChange: (value: string) => void): HTMLInputElement {
  const input = el('input', { type: 'time', id, value, step: '300' });
  input.addEventListener('change', () => onChange(input.value));
  return input;
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return el('div', { class: 'roster-field' }, el('label', { class: 'label', for: id }, label), control);
}

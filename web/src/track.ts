/**
 * The tracking page (track.html#id=…&token=…). The token lives in the URL fragment, which browsers
 * never send to a server, and goes to the API only as the X-Tracking-Token header. The page
 * refreshes itself every 15 seconds (sooner while the need is being matched) and says a change of status through a polite live region.
 */
import { ApiError, type Catalog, cancelNeed, getCatalog, getNeed, NetworkError, type NeedView, rateNeed, type RatingInput } from './api.ts';
import { setUpCodeStep } from './code-step.ts';
import { announce, byId, clearFieldError, type ErrorSlot, element, showFieldError } from './dom.ts';
import { defaultTimeZone, formatDateTime, formatTime, formatWindow } from './format.ts';
import { isMessageKey, lang, localized, type MessageKey, onLangChange, setUpLanguageSwitch, t } from './i18n.ts';
import { commentMax, type FieldMessage, type RatingField, ratingProblemMessage } from './problem-fields.ts';

const pollIntervalMs = 15_000;
/**
 * A submitted need is being matched (from the table stream, a second or two), so the page looks
 * again sooner, a few times, before falling back to the usual interval.
 */
const matchingPollMs = 2_000;
const matchingPollsAtMost = 10;
let matchingPolls = 0;
const finalStatuses = new Set(['cancelled', 'closed']);

const params = new URLSearchParams(location.hash.replace(/^#/, ''));
const needId = params.get('id') ?? '';
const token = params.get('token') ?? '';

let catalog: Catalog | undefined;
let view: NeedView | undefined;
let lastChecked: Date | undefined;
let refreshFailed = false;
let pageProblem: MessageKey | undefined;
let pollTimer: number | undefined;
let waitingForVisible = false;
let busy = false;
let ratedNow: RatingInput | undefined;
let ratingErrors: FieldMessage<RatingField>[] = [];
let cancelProblem: MessageKey | undefined;
let ratingProblem: MessageKey | undefined;
/** Said under the status when an action was refused because the need moved on (its section may be gone). */
let actionNotice: MessageKey | undefined;

const timeZone = () => catalog?.district.timeZone ?? defaultTimeZone;
const ratingForm = byId<HTMLFormElement>('rating-form');
const comment = byId<HTMLTextAreaElement>('rating-comment');

const ratingSlots: Record<Exclude<RatingField, 'form'>, ErrorSlot> = {
  stars: {
    container: byId('stars-group'),
    message: byId('stars-error'),
    describedTarget: byId('stars-group'),
    invalidTargets: [],
    focusTarget: () => byId('stars-5'),
  },
  comment: {
    container: byId('comment-question'),
    message: byId('rating-comment-error'),
    describedTarget: comment,
    invalidTargets: [comment],
    focusTarget: () => comment,
  },
  tags: {
    container: byId('tags-group'),
    message: byId('tags-error'),
    describedTarget: byId('tags-group'),
    invalidTargets: [],
    focusTarget: () => byId('tag-onTime'),
  },
};

// ---------------------------------------------------------------------------------------------
// Loading and polling

async function refresh(): Promise<void> {
  window.clearTimeout(pollTimer);
  try {
    const next = await getNeed(needId, token);
    const changed = view !== undefined && (next.status !== view.status || next.timeline.length !== view.timeline.length);
    view = next;
    lastChecked = new Date();
    refreshFailed = false;
    pageProblem = undefined;
    render();
    if (changed) announce(t('track.changed', { status: statusText(next) }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      showPageProblem('track.notFound');
      return;
    }
    if (view) {
      refreshFailed = true;
      renderUpdated();
    } else {
      showPageProblem(error instanceof NetworkError ? 'common.network' : 'common.server');
    }
  }
  schedule();
}

function schedule(): void {
  window.clearTimeout(pollTimer);
  if (view && isFinished(view)) return;
  const matching = view?.status === 'submitted' && matchingPolls < matchingPollsAtMost;
  if (matching) matchingPolls++;
  pollTimer = window.setTimeout(() => {
    if (document.hidden) {
      waitingForVisible = true;
      return;
    }
    void refresh();
  }, matching ? matchingPollMs : pollIntervalMs);
}

function isFinished(need: NeedView): boolean {
  return finalStatuses.has(need.status) || (need.status === 'completed' && !need.canRate && !!(need.rating ?? ratedNow));
}

function showActionNotice(key: MessageKey | undefined): void {
  actionNotice = key;
  const notice = byId('action-notice');
  notice.replaceChildren(...(key ? [element('p', {}, t(key))] : []));
  notice.hidden = !key;
}

function showPageProblem(key: MessageKey): void {
  pageProblem = key;
  window.clearTimeout(pollTimer);
  byId('loading').hidden = true;
  byId('need').hidden = true;
  const box = byId('track-error');
  box.replaceChildren(element('p', {}, t(key)));
  if (key === 'common.network' || key === 'common.server') {
    const retry = element('button', { type: 'button', class: 'button button-secondary' }, t('common.retry'));
    retry.addEventListener('click', () => {
      box.hidden = true;
      byId('loading').hidden = false;
      void refresh();
    });
    box.append(retry);
  }
  box.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Rendering

function statusText(need: NeedView): string {
  return localized(need.statusLabel, need.status);
}

function render(): void {
  if (!view) return;
  const need = view;
  byId('loading').hidden = true;
  byId('track-error').hidden = true;
  byId('need').hidden = false;

  byId('status-label').textContent = statusText(need);
  byId('next-step').textContent = nextStepText(need);
  byId('urgent-badge').hidden = need.urgency !== 'urgent';

  const category = catalog?.categories.find((c) => c.code === need.category);
  byId('need-category').textContent = localized(category?.label, need.category);
  const community = catalog?.communities.find((c) => c.id === need.communityId);
  const grid = community?.grids.find((g) => g.id === need.gridId);
  byId('need-community').textContent = [localized(community?.name, need.communityId), grid ? localized(grid.name) : '']
    .filter(Boolean)
    .join(' · ');
  byId('fact-window').hidden = !need.preferredWindow;
  if (need.preferredWindow) {
    byId('need-window').textContent = t('track.windowValue', formatWindow(need.preferredWindow.from, need.preferredWindow.to, timeZone()));
  }
  byId('fact-partner').hidden = !need.partner;
  byId('need-partner').textContent = need.partner ? localized(need.partner.name) : '';
  byId('fact-availability').hidden = !need.availability;
  byId('need-availability').textContent = need.availability ? localized(need.availability) : '';
  byId('fact-answer-by').hidden = !need.answerBy;
  byId('need-answer-by').textContent = need.answerBy ? localized(need.answerBy) : '';
  const position = need.waiting?.position;
  byId('fact-queue').hidden = position === undefined;
  byId('need-queue').textContent = position === undefined ? '' : t('track.queueValue', { position });

  const steps = [...need.timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  byId('timeline').replaceChildren(
    ...steps.map((step, index) => {
      const item = element(
        'li',
        index === steps.length - 1 ? { class: 'current', 'aria-current': 'step' } : {},
        element('span', { class: 'timeline-label' }, localized(step.label, step.status)),
        ' ',
        element('time', { datetime: step.at, class: 'timeline-time' }, formatDateTime(step.at, timeZone())),
      );
      const reason = reasonText(step);
      if (reason) item.append(element('span', { class: 'timeline-reason' }, ...reason));
      return item;
    }),
  );

  // Why the need went to community staff, waits, was referred or closed: said in the status card
  // and not only in the timeline.
  const explained = ['escalated', 'waiting', 'referred', 'closed'].includes(need.status);
  const escalation = explained ? [...steps].reverse().find((step) => step.status === need.status) : undefined;
  const escalationReason = escalation ? reasonText(escalation) : undefined;
  const statusReason = byId('status-reason');
  statusReason.replaceChildren(...(escalationReason ?? []));
  statusReason.hidden = !escalationReason;

  // A new phone number's SMS code: shown (and reset) only when the step appears, not at every poll.
  const codeSection = byId('code-step');
  const awaitingCode = need.status === 'awaitingConfirmation' && need.confirmation !== undefined;
  if (awaitingCode && codeSection.hidden && need.confirmation) codeStep.show({ id: need.id, token, confirmation: need.confirmation });
  codeSection.hidden = !awaitingCode;

  setSectionShown(byId('cancel-section'), need.canCancel === true);
  if (need.canCancel !== true) closeCancel(false);
  const rating = need.rating ?? ratedNow;
  setSectionShown(byId('rating-section'), need.canRate === true && !rating);
  byId('rating-done').hidden = !rating;
  if (rating) {
    byId('rating-done-heading').textContent = t('rating.thanks');
    byId('rating-done-stars').textContent = t('rating.yours', { stars: rating.stars });
    const tags = (rating.tags ?? []).map((tag) => `rating.tag.${tag}`).filter(isMessageKey);
    byId('rating-done-tags').textContent =
      tags.length > 0 ? t('rating.yourTags', { tags: tags.map((key) => t(key)).join(t('common.listSeparator')) }) : '';
    byId('rating-done-tags').hidden = tags.length === 0;
    byId('rating-done-comment').textContent = rating.comment ?? '';
    byId('rating-done-comment').hidden = !rating.comment;
  }
  renderUpdated();
  document.title = `${statusText(need)} · ${t('track.title')}`;
}

/** What happens next, in plain words; a completed order asks for a rating only while it can take one. */
function nextStepText(need: NeedView): string {
  if (need.status === 'completed') {
    if (need.rating ?? ratedNow) return t('next.completedRated');
    if (need.canRate !== true) return t('next.completedNoRating');
  }
  const key = `next.${need.status}`;
  return isMessageKey(key) ? t(key) : '';
}

const hanCharacters = /[\u3400-\u9fff]/;

/** "原因：…" for a timeline step, or undefined when the step has none. */
function reasonText(step: NeedView['timeline'][number]): Array<Node | string> | undefined {
  const reason = step.reason?.trim();
  // Only the resident cancels a need; one cancelled without a reason still deserves a word.
  if (!reason) return step.status === 'cancelled' ? [t('track.cancelledByResident')] : undefined;
  // Reasons are written in Chinese (the matcher's, and usually the resident's own): on the English
  // page, a screen reader must still read them as Chinese.
  const marked = lang() !== 'zh' && hanCharacters.test(reason) ? { lang: 'zh-CN' } : {};
  return [element('strong', {}, t('track.reasonLabel')), element('span', marked, reason)];
}

/** Hides a section; if the focus was inside it, the focus goes to the page heading rather than nowhere. */
function setSectionShown(section: HTMLElement, shown: boolean): void {
  if (!shown && section.contains(document.activeElement)) byId('page-heading').focus();
  section.hidden = !shown;
}

function renderUpdated(): void {
  const line = byId('updated');
  if (!lastChecked) return;
  const time = formatTime(lastChecked.toISOString(), timeZone());
  line.textContent = refreshFailed ? t('track.refreshFailed') : view && isFinished(view) ? '' : t('track.updated', { time });
}

// ---------------------------------------------------------------------------------------------
// Cancel, with a confirm step

function openCancel(): void {
  showActionNotice(undefined);
  byId('cancel-confirm').hidden = false;
  byId('cancel-open').setAttribute('aria-expanded', 'true');
  byId('cancel-heading').focus();
}

function closeCancel(returnFocus = true): void {
  byId('cancel-confirm').hidden = true;
  byId('cancel-open').setAttribute('aria-expanded', 'false');
  byId('cancel-error').hidden = true;
  cancelProblem = undefined;
  if (returnFocus) byId('cancel-open').focus();
}

function showCancelProblem(key: MessageKey): void {
  cancelProblem = key;
  const box = byId('cancel-error');
  box.replaceChildren(element('p', {}, t(key)));
  box.hidden = false;
}

async function confirmCancel(): Promise<void> {
  if (busy) return;
  busy = true;
  byId('cancel-yes').setAttribute('aria-disabled', 'true');
  try {
    const reason = byId<HTMLTextAreaElement>('cancel-reason').value.trim();
    view = await cancelNeed(needId, token, reason || undefined);
    lastChecked = new Date();
    closeCancel(false);
    render();
    byId('status-title').setAttribute('tabindex', '-1');
    byId('status-title').focus();
    announce(t('cancel.done'));
    schedule();
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      closeCancel(false);
      showActionNotice('cancel.tooLate');
      void refresh();
    } else if (error instanceof ApiError && error.status === 404) {
      showPageProblem('track.notFound');
    } else {
      showCancelProblem(error instanceof NetworkError ? 'common.network' : 'common.server');
    }
  } finally {
    busy = false;
    byId('cancel-yes').removeAttribute('aria-disabled');
  }
}

// ---------------------------------------------------------------------------------------------
// Rating

function updateCommentCounter(): void {
  const count = comment.value.trim().length;
  const over = count - commentMax;
  const counter = byId('rating-comment-counter');
  counter.textContent = over > 0 ? t('description.counterOver', { count, over }) : t('description.counter', { count, max: commentMax });
  counter.classList.toggle('counter-over', over > 0);
  byId('rating-comment-hint').textContent = t('rating.commentHint', { max: commentMax });
}

function checkRating(): { input?: RatingInput; problems: FieldMessage<RatingField>[] } {
  const stars = Number(ratingForm.querySelector<HTMLInputElement>('input[name="stars"]:checked')?.value ?? 0);
  const text = comment.value.trim();
  const tags = Array.from(ratingForm.querySelectorAll<HTMLInputElement>('input[name="tags"]:checked'), (input) => input.value);
  const problems: FieldMessage<RatingField>[] = [];
  if (!(stars >= 1 && stars <= 5)) problems.push({ field: 'stars', key: 'rating.errorStars' });
  if (text.length > commentMax)
    problems.push({ field: 'comment', key: 'rating.errorComment', params: { max: commentMax, over: text.length - commentMax } });
  if (problems.length > 0) return { problems };
  return { input: { stars, ...(text ? { comment: text } : {}), ...(tags.length > 0 ? { tags } : {}) }, problems };
}

function clearRatingProblems(): void {
  for (const slot of Object.values(ratingSlots)) clearFieldError(slot);
  byId('rating-error').hidden = true;
  ratingErrors = [];
  ratingProblem = undefined;
}

function showRatingProblems(problems: FieldMessage<RatingField>[], moveFocus = true): void {
  ratingErrors = problems;
  let first: ErrorSlot | undefined;
  for (const problem of problems) {
    if (problem.field === 'form') {
      showRatingProblem(problem.key);
      continue;
    }
    const slot = ratingSlots[problem.field];
    showFieldError(slot, t(problem.key, problem.params));
    first ??= slot;
  }
  if (first && moveFocus) {
    first.container.scrollIntoView({ block: 'start' });
    first.focusTarget().focus({ preventScroll: true });
  }
}

function showRatingProblem(key: MessageKey): void {
  ratingProblem = key;
  const box = byId('rating-error');
  box.replaceChildren(element('p', {}, t(key)));
  box.hidden = false;
}

async function onRate(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (busy) return;
  clearRatingProblems();
  showActionNotice(undefined);
  const { input, problems } = checkRating();
  if (!input) {
    showRatingProblems(problems);
    return;
  }
  busy = true;
  byId('rating-submit').setAttribute('aria-disabled', 'true');
  try {
    await rateNeed(needId, token, input);
    ratedNow = input;
    render();
    byId('rating-done-heading').focus();
    void refresh();
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      const lengths = { comment: comment.value.trim().length };
      const mapped = (error.problem?.errors ?? []).map((problem) => ratingProblemMessage(problem, lengths));
      showRatingProblems(mapped.length > 0 ? mapped : [{ field: 'form', key: 'error.body' }]);
    } else if (error instanceof ApiError && error.status === 409) {
      showActionNotice(error.problem?.current?.rated === true ? 'rating.alreadyRated' : 'rating.conflict');
      void refresh();
    } else if (error instanceof ApiError && error.status === 404) {
      showPageProblem('track.notFound');
    } else {
      showRatingProblem(error instanceof NetworkError ? 'common.network' : 'common.server');
    }
  } finally {
    busy = false;
    byId('rating-submit').removeAttribute('aria-disabled');
  }
}

// ---------------------------------------------------------------------------------------------

const codeStep = setUpCodeStep((confirmed) => {
  view = confirmed;
  render();
  announce(t('code.confirmed'));
  // The code step went away with the focus in it: the new status takes it.
  byId('status-label').setAttribute('tabindex', '-1');
  byId('status-label').focus();
  schedule();
});

function start(): void {
  setUpLanguageSwitch();
  updateCommentCounter();
  onLangChange(() => {
    updateCommentCounter();
    if (pageProblem) showPageProblem(pageProblem);
    else render();
    if (cancelProblem) showCancelProblem(cancelProblem);
    if (ratingErrors.length > 0) {
      for (const slot of Object.values(ratingSlots)) clearFieldError(slot);
      showRatingProblems(ratingErrors, false);
    }
    if (ratingProblem) showRatingProblem(ratingProblem);
    if (actionNotice) showActionNotice(actionNotice);
    codeStep.relabel();
  });
  byId('cancel-open').addEventListener('click', () => (byId('cancel-confirm').hidden ? openCancel() : closeCancel()));
  byId('cancel-no').addEventListener('click', () => closeCancel());
  byId('cancel-yes').addEventListener('click', () => void confirmCancel());
  ratingForm.addEventListener('submit', (event) => void onRate(event as SubmitEvent));
  comment.addEventListener('input', updateCommentCounter);
  ratingForm.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'stars') clearFieldError(ratingSlots.stars);
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && waitingForVisible) {
      waitingForVisible = false;
      void refresh();
    }
  });
  window.addEventListener('hashchange', () => location.reload());

  if (!needId || !token) {
    showPageProblem('track.missing');
    return;
  }
  // The catalog only adds names; the page works without it.
  void getCatalog()
    .then((loaded) => {
      catalog = loaded;
      render();
    })
    .catch(() => undefined);
  void refresh();
}

start();

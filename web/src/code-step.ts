/**
 * The SMS code step (the form after sending, and the tracking page): a new phone number types the
 * 6-digit code we texted, or asks for another once the wait is over. The need is already saved;
 * this step only lets it go on to matching. The same elements on both pages (ids `code-…`).
 */
import { ApiError, type Confirmation, confirmCode, NetworkError, type NeedView, resendCode } from './api.ts';
import { announce, byId, clearFieldError, type ErrorSlot, element, showFieldError } from './dom.ts';
import { t } from './i18n.ts';

export interface CodeStepNeed {
  id: string;
  token: string;
  confirmation: Confirmation;
}

type Message = { key: Parameters<typeof t>[0]; params?: Record<string, string | number> };

/** Full-width digits (from a Chinese keyboard) and spaces are accepted: "１２３ ４５６" is 123456. */
export function normaliseCode(value: string): string {
  return value.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0)).replace(/[\s-]/g, '');
}

export function setUpCodeStep(onConfirmed: (view: NeedView) => void): { show(need: CodeStepNeed): void; relabel(): void } {
  const form = byId<HTMLFormElement>('code-form');
  const input = byId<HTMLInputElement>('confirmCode');
  const submit = byId<HTMLButtonElement>('code-submit');
  const resend = byId<HTMLButtonElement>('code-resend');
  const waitLine = byId('code-wait');
  const problem = byId('code-problem');
  const status = byId('code-status');
  const slot: ErrorSlot = {
    container: byId('code-question'),
    message: byId('confirmCode-error'),
    describedTarget: input,
    invalidTargets: [input],
    focusTarget: () => input,
  };
  let need: CodeStepNeed | undefined;
  let triesLeft = 0;
  let resendAt: number | undefined;
  let timer: number | undefined;
  let busy = false;
  let fieldMessage: Message | undefined;
  let generalMessage: Message | undefined;

  const setField = (message: Message | undefined) => {
    fieldMessage = message;
    if (message) showFieldError(slot, t(message.key, message.params));
    else clearFieldError(slot);
  };
  const setGeneral = (message: Message | undefined) => {
    generalMessage = message;
    problem.hidden = !message;
    problem.replaceChildren(...(message ? [element('p', {}, t(message.key, message.params))] : []));
  };

  function renderWait(): void {
    const seconds = resendAt === undefined ? 0 : Math.ceil((resendAt - Date.now()) / 1000);
    const noMore = need?.confirmation.resendAfterSeconds === undefined || need.confirmation.codesLeft <= 0;
    resend.hidden = noMore;
    if (seconds > 0 && !noMore) {
      resend.setAttribute('aria-disabled', 'true');
      waitLine.textContent = t('code.resendIn', { seconds });
    } else {
      resend.removeAttribute('aria-disabled');
      waitLine.textContent = '';
      if (timer !== undefined) window.clearInterval(timer);
      timer = undefined;
    }
  }

  function startWait(seconds: number | undefined): void {
    resendAt = seconds ? Date.now() + seconds * 1000 : undefined;
    if (timer !== undefined) window.clearInterval(timer);
    timer = seconds ? window.setInterval(renderWait, 1000) : undefined;
    renderWait();
  }

  function describe(confirmation: Confirmation): void {
    byId('code-sent-to').textContent = confirmation.sentTo ? t('code.sentTo', { phone: confirmation.sentTo }) : t('code.sentToUnknown');
  }

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (!need || busy) return;
    setGeneral(undefined);
    status.textContent = '';
    const code = normaliseCode(input.value);
    if (!/^\d{6}$/.test(code)) {
      failField({ key: code ? 'code.errorFormat' : 'code.errorEmpty' });
      return;
    }
    setField(undefined);
    busy = true;
    submit.setAttribute('aria-disabled', 'true');
    status.textContent = t('code.checking');
    try {
      const view = await confirmCode(need.id, need.token, code);
      if (timer !== undefined) window.clearInterval(timer);
      status.textContent = '';
      onConfirmed(view);
    } catch (error) {
      status.textContent = '';
      const said = refusal(error);
      if ('field' in said) failField(said.field);
      else setGeneral(said.general);
    } finally {
      busy = false;
      submit.removeAttribute('aria-disabled');
    }
  }

  function failField(message: Message): void {
    setField(message);
    input.focus();
  }

  /** Where a refused code is said: at the input (the code itself), or above the buttons. */
  function refusal(error: unknown): { field: Message } | { general: Message } {
    if (error instanceof NetworkError) return { general: { key: 'common.network' } };
    if (!(error instanceof ApiError)) return { general: { key: 'common.server' } };
    const reason = error.problem?.errors?.find((item) => item.field === 'code')?.code;
    if (error.status === 400 && reason === 'mismatch') {
      triesLeft = Math.max(0, triesLeft - 1);
      return { field: triesLeft > 0 ? { key: 'code.errorWrong', params: { left: triesLeft } } : { key: 'code.errorUsedUp' } };
    }
    if (error.status === 400 && reason === 'expired') return { field: { key: 'code.errorExpired' } };
    if (error.status === 400) return { field: { key: 'code.errorFormat' } };
    if (error.status === 409) return { general: { key: 'code.notAwaiting' } };
    if (error.status === 429) return { general: limitMessage(error) };
    return { general: { key: 'common.server' } };
  }

  function limitMessage(error: ApiError): Message {
    switch (error.problem?.code) {
      case 'code_tries_used':
        return { key: 'code.errorUsedUp' };
      case 'code_resends_used':
        return { key: 'code.noMoreCodes' };
      case 'phone_code_limit':
      case 'phone_tries_limit':
        return { key: 'code.phoneLimit' };
      default:
        return { key: 'code.tooFast', params: { seconds: Math.max(1, Math.round(error.problem?.retryAfterSeconds ?? 60)) } };
    }
  }

  async function onResend(): Promise<void> {
    if (!need || busy || resend.getAttribute('aria-disabled') === 'true') return;
    setGeneral(undefined);
    busy = true;
    try {
      const answer = await resendCode(need.id, need.token);
      need = { ...need, confirmation: answer.confirmation };
      triesLeft = answer.confirmation.triesLeft;
      setField(undefined);
      input.value = '';
      status.textContent = t('code.resent');
      startWait(answer.confirmation.resendAfterSeconds);
      input.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 429 && error.problem?.code === 'code_cool_down') {
        startWait(error.problem.retryAfterSeconds ?? 60);
        announce(waitLine.textContent ?? '');
      } else if (error instanceof ApiError && error.status === 429) {
        setGeneral(limitMessage(error));
        if (error.problem?.code === 'code_resends_used') resend.hidden = true;
      } else if (error instanceof ApiError && error.status === 409) {
        setGeneral({ key: 'code.notAwaiting' });
      } else {
        setGeneral({ key: error instanceof NetworkError ? 'common.network' : 'common.server' });
      }
    } finally {
      busy = false;
    }
  }

  form.addEventListener('submit', (event) => void onSubmit(event));
  resend.addEventListener('click', () => void onResend());
  input.addEventListener('input', () => {
    if (fieldMessage && /^\d{6}$/.test(normaliseCode(input.value))) setField(undefined);
  });

  return {
    show(shown) {
      need = shown;
      triesLeft = shown.confirmation.triesLeft;
      input.value = '';
      setField(undefined);
      setGeneral(undefined);
      status.textContent = '';
      describe(shown.confirmation);
      startWait(shown.confirmation.resendAfterSeconds);
    },
    relabel() {
      if (need) describe(need.confirmation);
      if (fieldMessage) setField(fieldMessage);
      if (generalMessage) setGeneral(generalMessage);
      renderWait();
    },
  };
}

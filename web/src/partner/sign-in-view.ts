/** Sign in with the mobile number and the code the SMS brings; then back to where the partner was going. */
import type { AppConfig } from './session.ts';
import { SignInError, sendCode, startOidcSignIn, verifyCode } from './session.ts';
import { button, el } from './ui.ts';
import { type PartnerKey, w } from './words.ts';

export function renderSignIn(main: HTMLElement, config: AppConfig, signedIn: () => void, returnTo = ''): void {
  const heading = el('h1', { id: 'page-heading', tabindex: '-1' }, w('signIn.title'));
  if (config.signIn.provider === 'oidc') {
    const oidc = config.signIn;
    const failure = el('div', { class: 'notice notice-error', role: 'alert', hidden: true });
    const go = button(w('signIn.withIssuer'), 'primary');
    go.addEventListener('click', () => {
      go.setAttribute('aria-disabled', 'true');
      startOidcSignIn(oidc, returnTo).catch((error: unknown) => {
        go.removeAttribute('aria-disabled');
        failure.replaceChildren(el('p', {}, w(error instanceof SignInError && error.reason === 'network' ? 'common.network' : 'common.server')));
        failure.hidden = false;
      });
    });
    main.replaceChildren(heading, el('p', { class: 'lead' }, w('signIn.issuerIntro')), failure, el('div', { class: 'actions' }, go));
    return;
  }
  const formError = el('div', { class: 'notice notice-error', role: 'alert', hidden: true });
  const phone = el('input', {
    type: 'tel',
    id: 'phone',
    name: 'phone',
    autocomplete: 'tel-national',
    inputmode: 'numeric',
    maxlength: '16',
    'aria-describedby': 'phone-hint',
  });
  const phoneError = el('p', { id: 'phone-error', class: 'field-error', hidden: true });
  const send = el('button', { type: 'submit', class: 'button button-primary' }, w('signIn.sendCode'));
  const phoneForm = el(
    'form',
    { id: 'phone-form', novalidate: true },
    el('div', { class: 'question' }, el('label', { class: 'label', for: 'phone' }, w('signIn.phone')), el('p', { id: 'phone-hint', class: 'hint' }, w('signIn.phoneHint')), phoneError, phone),
    el('div', { class: 'actions' }, send),
  );

  const code = el('input', {
    type: 'text',
    id: 'code',
    name: 'code',
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    maxlength: '6',
    'aria-describedby': 'code-hint',
  });
  const codeError = el('p', { id: 'code-error', class: 'field-error', hidden: true });
  const sent = el('p', { id: 'code-sent', class: 'notice', role: 'status' });
  const submit = el('button', { type: 'submit', class: 'button button-primary' }, w('signIn.submit'));
  const resend = button(w('signIn.resend'), 'secondary');
  const codeForm = el(
    'form',
    { id: 'code-form', novalidate: true, hidden: true },
    sent,
    el('div', { class: 'question' }, el('label', { class: 'label', for: 'code' }, w('signIn.code')), el('p', { id: 'code-hint', class: 'hint' }, w('signIn.codeHint')), codeError, code),
    el('div', { class: 'actions-row' }, submit, resend),
  );

  let signingInPhone = '';
  const showError = (error: unknown) => {
    const problem = error instanceof SignInError ? error : new SignInError('form', 'server');
    const words: Record<SignInError['reason'], PartnerKey> = {
      badPhone: 'signIn.badPhone',
      badCode: 'signIn.badCode',
      wrongCode: 'signIn.wrongCode',
      tooMany: 'signIn.tooMany',
      network: 'common.network',
      server: 'common.server',
      notConfigured: 'signIn.notConfigured',
    };
    const text = w(words[problem.reason]);
    const target = problem.field === 'phone' ? { input: phone, slot: phoneError, hint: 'phone-hint' } : problem.field === 'code' ? { input: code, slot: codeError, hint: 'code-hint' } : undefined;
    if (!target) {
      formError.replaceChildren(el('p', {}, text));
      formError.hidden = false;
      return;
    }
    target.slot.textContent = text;
    target.slot.hidden = false;
    target.input.setAttribute('aria-invalid', 'true');
    target.input.setAttribute('aria-describedby', `${target.slot.id} ${target.hint}`);
    target.input.focus();
  };
  const clearErrors = () => {
    formError.hidden = true;
    for (const [input, slot, hint] of [
      [phone, phoneError, 'phone-hint'],
      [code, codeError, 'code-hint'],
    ] as const) {
      slot.hidden = true;
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', hint);
    }
  };

  const askForCode = async (trigger: HTMLButtonElement) => {
    clearErrors();
    trigger.setAttribute('aria-disabled', 'true');
    try {
      signingInPhone = await sendCode(config, phone.value);
      sent.textContent = w('signIn.sent', { phone: signingInPhone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2') });
      codeForm.hidden = false;
      code.focus();
    } catch (error) {
      showError(error);
    } finally {
      trigger.removeAttribute('aria-disabled');
    }
  };
  phoneForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void askForCode(send);
  });
  resend.addEventListener('click', () => void askForCode(resend));
  codeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    if (submit.getAttribute('aria-disabled') === 'true') return;
    submit.setAttribute('aria-disabled', 'true');
    try {
      await verifyCode(config, signingInPhone, code.value);
      signedIn();
    } catch (error) {
      showError(error);
    } finally {
      submit.removeAttribute('aria-disabled');
    }
  });

  main.replaceChildren(heading, el('p', { class: 'lead' }, w('signIn.intro')), formError, phoneForm, codeForm);
}

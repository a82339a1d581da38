/** The desk's sign-in: by the operator's name locally, email + password + TOTP at Cognito, or the district's issuer. */
import { type OperatorSignInError as CognitoError, type OperatorStep, OperatorSignInError } from './cognito-sign-in.ts';
import { type AppConfig, cognitoSignIn, keepTokens, LocalSignInFailed, signInLocally, startOidcSignIn } from './session.ts';
import { button, el, type Field, field, showFieldError } from './ui.ts';
import { type DeskKey, w } from './words.ts';

export function renderSignIn(main: HTMLElement, config: AppConfig, signedIn: () => void, returnTo: string): void {
  const heading = el('h1', { id: 'page-heading', tabindex: '-1' }, w('signIn.title'));
  const formError = el('div', { class: 'notice notice-error', role: 'alert', hidden: true });
  const showFormError = (key: DeskKey) => {
    formError.replaceChildren(el('p', {}, w(key)));
    formError.hidden = false;
  };
  const signIn = config.signIn;

  if (signIn.provider === 'oidc') {
    const go = button(w('signIn.withIssuer'), 'primary');
    go.addEventListener('click', () => {
      go.setAttribute('aria-disabled', 'true');
      startOidcSignIn(signIn, returnTo).catch(() => {
        go.removeAttribute('aria-disabled');
        showFormError('common.network');
      });
    });
    main.replaceChildren(heading, el('p', { class: 'lead' }, w('signIn.issuerIntro')), formError, el('div', { class: 'actions' }, go));
    return;
  }

  if (signIn.provider === 'local') {
    const name = field(
      'local',
      'name',
      w('signIn.localName'),
      el('input', { type: 'text', autocomplete: 'username', maxlength: '64', spellcheck: 'false' }),
      w('signIn.localNameHint'),
    );
    const submit = el('button', { type: 'submit', class: 'button button-primary' }, w('signIn.submit'));
    const form = el('form', { id: 'local-sign-in', novalidate: true }, name.wrapper, el('div', { class: 'actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      formError.hidden = true;
      try {
        await signInLocally(name.control.value);
        signedIn();
      } catch (error) {
        const reason = error instanceof LocalSignInFailed ? error.reason : 'server';
        if (reason === 'badName') {
          showFieldError(name, w('signIn.localBadName'));
          name.control.focus();
        } else showFormError(reason === 'network' ? 'common.network' : 'common.server');
      }
    });
    main.replaceChildren(heading, el('p', { class: 'lead' }, w('signIn.localIntro')), formError, form);
    return;
  }

  if (signIn.provider !== 'cognito') {
    main.replaceChildren(heading, el('p', { class: 'notice notice-error', role: 'alert' }, w('signIn.notConfigured')));
    return;
  }
  const machine = cognitoSignIn(signIn);
  const stepArea = el('div', {});

  /** One step's form: its fields, a submit, and what to do with the values. */
  const stepForm = (id: string, intro: Array<HTMLElement | string>, fields: Field[], run: () => Promise<OperatorStep>) => {
    const submit = el('button', { type: 'submit', class: 'button button-primary' }, w('signIn.next'));
    const form = el(
      'form',
      { id, novalidate: true },
      ...intro,
      ...fields.map((entry) => entry.wrapper),
      el('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (submit.getAttribute('aria-disabled') === 'true') return;
      formError.hidden = true;
      for (const entry of fields) {
        entry.slot.hidden = true;
        entry.control.removeAttribute('aria-invalid');
      }
      submit.setAttribute('aria-disabled', 'true');
      try {
        show(await run());
      } catch (error) {
        const problem: CognitoError = error instanceof OperatorSignInError ? error : new OperatorSignInError('form', 'server');
        const target = fields.find((entry) => entry.name === problem.field);
        const key = (
          problem.reason === 'network' || problem.reason === 'server' ? `common.${problem.reason}` : `signIn.${problem.reason}`
        ) as DeskKey;
        if (target) {
          showFieldError(target, w(key));
          target.control.focus();
        } else showFormError(key);
        // An expired session starts over from the password.
        if (problem.reason === 'expired') show(undefined);
      } finally {
        submit.removeAttribute('aria-disabled');
      }
    });
    return form;
  };

  const codeField = (id: string, label: DeskKey) =>
    field(
      id,
      'code',
      w(label),
      el('input', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7' }),
      w('signIn.codeHint'),
    );

  const show = (step: OperatorStep | undefined) => {
    if (step && keepTokens(step)) {
      signedIn();
      return;
    }
    if (!step) {
      const email = field(
        'cognito',
        'email',
        w('signIn.email'),
        el('input', { type: 'email', autocomplete: 'username', maxlength: '128', spellcheck: 'false' }),
      );
      const password = field(
        'cognito',
        'password',
        w('signIn.password'),
        el('input', { type: 'password', autocomplete: 'current-password', maxlength: '256' }),
      );
      stepArea.replaceChildren(
        stepForm('password-step', [el('p', { class: 'lead' }, w('signIn.cognitoIntro'))], [email, password], () =>
          machine.start(email.control.value, password.control.value),
        ),
      );
      return;
    }
    if (step.kind === 'totp') {
      const code = codeField('totp', 'signIn.code');
      stepArea.replaceChildren(stepForm('totp-step', [], [code], () => machine.answerTotp(step, code.control.value)));
      code.control.focus();
      return;
    }
    if (step.kind === 'newPassword') {
      const password = field(
        'new-password',
        'newPassword',
        w('signIn.newPassword'),
        el('input', { type: 'password', autocomplete: 'new-password', maxlength: '256' }),
        w('signIn.newPasswordHint'),
      );
      stepArea.replaceChildren(
        stepForm('new-password-step', [el('p', {}, w('signIn.newPasswordIntro'))], [password], () =>
          machine.setNewPassword(step, password.control.value),
        ),
      );
      password.control.focus();
      return;
    }
    if (step.kind === 'mfaSetup') {
      const code = codeField('setup', 'signIn.setupCode');
      const intro = [
        el('p', {}, w('signIn.setupIntro')),
        el('p', {}, el('a', { href: step.otpauthUri }, w('signIn.setupLink'))),
        el('p', {}, w('signIn.setupSecret'), ' ', el('code', { class: 'secret' }, step.secret.replace(/(.{4})(?=.)/g, '$1 '))),
      ];
      stepArea.replaceChildren(stepForm('setup-step', intro, [code], () => machine.finishSetup(step, code.control.value)));
      code.control.focus();
    }
  };
  show(undefined);
  main.replaceChildren(heading, formError, stepArea);
}

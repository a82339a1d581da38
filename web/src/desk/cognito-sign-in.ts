/**
 * An operator's sign-in at the district's operators' user pool (infra/operator-users.ts: email and
 * password, then a TOTP code; MFA required), as a state machine over Cognito's answers. Choice-based
 * sign-in (`USER_AUTH`) with the password as first factor; then whichever challenge Cognito names:
 * `SOFTWARE_TOKEN_MFA` (the authenticator's code), or at a new operator's first sign-in
 * `NEW_PASSWORD_REQUIRED` (replace the temporary password) and `MFA_SETUP` (AssociateSoftwareToken
 * with the session gives the secret to put into the authenticator app; VerifySoftwareToken with its
 * first code; then the challenge is answered with the session that returns). Pure apart from the
 * `call` it is given, so each step is tested on Cognito's own answer shapes.
 */
import { type CognitoCall, CognitoFailure, CognitoUnreachable } from '../staff-auth/cognito-call.ts';
import type { CognitoTokens } from '../staff-auth/token-store.ts';

export type OperatorStep =
  | { kind: 'totp'; session: string; username: string; email: string }
  | { kind: 'newPassword'; session: string; username: string; email: string }
  | { kind: 'mfaSetup'; session: string; username: string; email: string; secret: string; otpauthUri: string }
  | { kind: 'signedIn'; tokens: CognitoTokens };

export type OperatorSignInField = 'email' | 'password' | 'code' | 'newPassword' | 'form';
export type OperatorSignInReason =
  | 'badEmail'
  | 'missingPassword'
  | 'wrongPassword'
  | 'badCode'
  | 'wrongCode'
  | 'weakPassword'
  | 'expired'
  | 'resetRequired'
  | 'tooMany'
  | 'unsupported'
  | 'network'
  | 'server';

export class OperatorSignInError extends Error {
  constructor(
    readonly field: OperatorSignInField,
    readonly reason: OperatorSignInReason,
  ) {
    super(reason);
  }
}

/** What InitiateAuth and RespondToAuthChallenge answer. */
export interface ChallengeAnswer {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: CognitoTokens;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const totpPattern = /^\d{6}$/;

export function operatorSignIn(options: { call: CognitoCall; clientId: string; issuerLabel: string }) {
  const { call, clientId } = options;

  /** Cognito's answer → the next step (AssociateSoftwareToken first when the answer is MFA_SETUP). */
  async function next(answer: ChallengeAnswer, known: { username: string; email: string }): Promise<OperatorStep> {
    if (answer.AuthenticationResult) return { kind: 'signedIn', tokens: answer.AuthenticationResult };
    const session = answer.Session;
    if (!session) throw new OperatorSignInError('form', 'server');
    // Cognito names the user it is signing in (its UUID) in the first challenge; later ones may not.
    const username = answer.ChallengeParameters?.USERNAME ?? answer.ChallengeParameters?.USER_ID_FOR_SRP ?? known.username;
    const email = known.email;
    switch (answer.ChallengeName) {
      case 'SOFTWARE_TOKEN_MFA':
        return { kind: 'totp', session, username, email };
      case 'NEW_PASSWORD_REQUIRED':
        return { kind: 'newPassword', session, username, email };
      case 'MFA_SETUP': {
        const canSetUp = answer.ChallengeParameters?.MFAS_CAN_SETUP;
        if (canSetUp && !canSetUp.includes('SOFTWARE_TOKEN_MFA')) throw new OperatorSignInError('form', 'unsupported');
        const associated = await guarded('code', () =>
          call<{ SecretCode?: string; Session?: string }>('AssociateSoftwareToken', { Session: session }),
        );
        if (!associated.SecretCode || !associated.Session) throw new OperatorSignInError('form', 'server');
        const secret = associated.SecretCode;
        return {
          kind: 'mfaSetup',
          session: associated.Session,
          username,
          email,
          secret,
          otpauthUri: otpauthUri(options.issuerLabel, email, secret),
        };
      }
      default:
        throw new OperatorSignInError('form', 'unsupported');
    }
  }

  function respond(challenge: string, session: string, responses: Record<string, string>) {
    return call<ChallengeAnswer>('RespondToAuthChallenge', {
      ChallengeName: challenge,
      ClientId: clientId,
      Session: session,
      ChallengeResponses: responses,
    });
  }

  return {
    async start(emailInput: string, password: string): Promise<OperatorStep> {
      const email = emailInput.trim();
      if (!emailPattern.test(email)) throw new OperatorSignInError('email', 'badEmail');
      if (password === '') throw new OperatorSignInError('password', 'missingPassword');
      const answer = await guarded('password', () =>
        call<ChallengeAnswer>('InitiateAuth', {
          AuthFlow: 'USER_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: password },
        }),
      );
      return next(answer, { username: email, email });
    },

    async answerTotp(step: Extract<OperatorStep, { kind: 'totp' }>, codeInput: string): Promise<OperatorStep> {
      const code = checkedCode(codeInput);
      return next(
        await guarded('code', () =>
          respond('SOFTWARE_TOKEN_MFA', step.session, { USERNAME: step.username, SOFTWARE_TOKEN_MFA_CODE: code }),
        ),
        step,
      );
    },

    async setNewPassword(step: Extract<OperatorStep, { kind: 'newPassword' }>, newPassword: string): Promise<OperatorStep> {
      if (newPassword === '') throw new OperatorSignInError('newPassword', 'weakPassword');
      return next(
        await guarded('newPassword', () =>
          respond('NEW_PASSWORD_REQUIRED', step.session, { USERNAME: step.username, NEW_PASSWORD: newPassword }),
        ),
        step,
      );
    },

    async finishSetup(step: Extract<OperatorStep, { kind: 'mfaSetup' }>, codeInput: string): Promise<OperatorStep> {
      const code = checkedCode(codeInput);
      const verified = await guarded('code', () =>
        call<{ Status?: string; Session?: string }>('VerifySoftwareToken', {
          Session: step.session,
          UserCode: code,
          FriendlyDeviceName: 'operators-desk',
        }),
      );
      if (verified.Status !== 'SUCCESS' || !verified.Session) throw new OperatorSignInError('code', 'wrongCode');
      return next(await guarded('code', () => respond('MFA_SETUP', verified.Session as string, { USERNAME: step.username })), step);
    },
  };
}

export type OperatorSignIn = ReturnType<typeof operatorSignIn>;

function checkedCode(input: string): string {
  const code = input.replace(/\s/g, '');
  if (!totpPattern.test(code)) throw new OperatorSignInError('code', 'badCode');
  return code;
}

/** The `otpauth://` link an authenticator app takes (the Key Uri Format): label `issuer:account`. */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}

/** Cognito's refusals in terms of the field the operator fixes. */
async function guarded<T>(field: OperatorSignInField, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof OperatorSignInError) throw error;
    if (error instanceof CognitoUnreachable) throw new OperatorSignInError('form', 'network');
    if (!(error instanceof CognitoFailure)) throw new OperatorSignInError('form', 'server');
    const type = error.type;
    if (/TooManyRequests|LimitExceeded|TooManyFailedAttempts/.test(type)) throw new OperatorSignInError('form', 'tooMany');
    if (/PasswordResetRequired/.test(type)) throw new OperatorSignInError('password', 'resetRequired');
    if (/InvalidPassword/.test(type)) throw new OperatorSignInError('newPassword', 'weakPassword');
    if (/CodeMismatch|EnableSoftwareTokenMFA/.test(type)) throw new OperatorSignInError('code', 'wrongCode');
    if (/ExpiredCode/.test(type)) throw new OperatorSignInError('form', 'expired');
    if (/NotAuthorized|UserNotFound/.test(type)) {
      // At the password, wrong credentials (an unknown email answers the same); later, the session ran out.
      throw field === 'password' ? new OperatorSignInError('password', 'wrongPassword') : new OperatorSignInError('form', 'expired');
    }
    throw new OperatorSignInError('form', 'server');
  }
}

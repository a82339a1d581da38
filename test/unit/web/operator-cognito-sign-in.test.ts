/**
 * The desk's sign-in at the operators' user pool, step by step on the answers Cognito gives
 * (shapes as the InitiateAuth, RespondToAuthChallenge, AssociateSoftwareToken and
 * VerifySoftwareToken API references document them), with the requests it sends checked.
 */
import { describe, expect, it } from 'vitest';
import { type OperatorStep, OperatorSignInError, operatorSignIn, otpauthUri } from '../../../web/src/desk/cognito-sign-in.ts';
import { CognitoFailure, CognitoUnreachable } from '../../../web/src/staff-auth/cognito-call.ts';

type Answer = unknown | Error;

function fakeCognito(answers: Answer[]) {
  const sent: Array<{ operation: string; body: Record<string, unknown> }> = [];
  const call = async <T>(operation: string, body: unknown): Promise<T> => {
    sent.push({ operation, body: body as Record<string, unknown> });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`no answer scripted for ${operation}`);
    if (answer instanceof Error) throw answer;
    return answer as T;
  };
  return { sent, signIn: operatorSignIn({ call, clientId: 'client-1', issuerLabel: '社区合伙人 工作台' }) };
}

const tokens = { AccessToken: 'eyJ.access', IdToken: 'eyJ.id', RefreshToken: 'eyJ.refresh', ExpiresIn: 3600, TokenType: 'Bearer' };
const sessionOf = (n: number) => `AYABe${n}${'x'.repeat(40)}`;

async function refusal(promise: Promise<unknown>): Promise<{ field: string; reason: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OperatorSignInError) return { field: error.field, reason: error.reason };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe("an operator's sign-in at the operators' pool", () => {
  it('sends the password as the first factor of USER_AUTH, then the TOTP code, and ends signed in', async () => {
    const { sent, signIn } = fakeCognito([
      { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: sessionOf(1), ChallengeParameters: { USER_ID_FOR_SRP: '7c5e1a2b-uuid' } },
      { AuthenticationResult: tokens, ChallengeParameters: {} },
    ]);
    const first = await signIn.start(' wang@example.cn ', 'Correct-Horse-9!');
    expect(first).toEqual({ kind: 'totp', session: sessionOf(1), username: '7c5e1a2b-uuid', email: 'wang@example.cn' });
    expect(sent[0]).toEqual({
      operation: 'InitiateAuth',
      body: {
        AuthFlow: 'USER_AUTH',
        ClientId: 'client-1',
        AuthParameters: { USERNAME: 'wang@example.cn', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Correct-Horse-9!' },
      },
    });
    const done = await signIn.answerTotp(first as Extract<OperatorStep, { kind: 'totp' }>, '123 456');
    expect(done).toEqual({ kind: 'signedIn', tokens });
    expect(sent[1]).toEqual({
      operation: 'RespondToAuthChallenge',
      body: {
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ClientId: 'client-1',
        Session: sessionOf(1),
        ChallengeResponses: { USERNAME: '7c5e1a2b-uuid', SOFTWARE_TOKEN_MFA_CODE: '123456' },
      },
    });
  });

  it('walks a new operator through a new password and enrolling the authenticator app', async () => {
    const { sent, signIn } = fakeCognito([
      {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: sessionOf(1),
        ChallengeParameters: { USER_ID_FOR_SRP: 'uuid-2', requiredAttributes: '[]', userAttributes: '{"email":"li@example.cn"}' },
      },
      { ChallengeName: 'MFA_SETUP', Session: sessionOf(2), ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } },
      { SecretCode: 'JBSWY3DPEHPK3PXP', Session: sessionOf(3) },
      { Status: 'SUCCESS', Session: sessionOf(4) },
      { AuthenticationResult: tokens },
    ]);
    const newPassword = await signIn.start('li@example.cn', 'Temp-Password-1');
    expect(newPassword).toMatchObject({ kind: 'newPassword', session: sessionOf(1), username: 'uuid-2' });
    const setup = await signIn.setNewPassword(newPassword as Extract<OperatorStep, { kind: 'newPassword' }>, 'A-much-better-Passw0rd');
    expect(sent[1]?.body).toEqual({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: 'client-1',
      Session: sessionOf(1),
      ChallengeResponses: { USERNAME: 'uuid-2', NEW_PASSWORD: 'A-much-better-Passw0rd' },
    });
    // MFA_SETUP: the secret comes from AssociateSoftwareToken, called with the challenge's session.
    expect(sent[2]).toEqual({ operation: 'AssociateSoftwareToken', body: { Session: sessionOf(2) } });
    expect(setup).toEqual({
      kind: 'mfaSetup',
      session: sessionOf(3),
      username: 'uuid-2',
      email: 'li@example.cn',
      secret: 'JBSWY3DPEHPK3PXP',
      otpauthUri: otpauthUri('社区合伙人 工作台', 'li@example.cn', 'JBSWY3DPEHPK3PXP'),
    });
    const done = await signIn.finishSetup(setup as Extract<OperatorStep, { kind: 'mfaSetup' }>, '654321');
    expect(sent[3]).toEqual({
      operation: 'VerifySoftwareToken',
      body: { Session: sessionOf(3), UserCode: '654321', FriendlyDeviceName: 'operators-desk' },
    });
    expect(sent[4]?.body).toEqual({
      ChallengeName: 'MFA_SETUP',
      ClientId: 'client-1',
      Session: sessionOf(4),
      ChallengeResponses: { USERNAME: 'uuid-2' },
    });
    expect(done).toEqual({ kind: 'signedIn', tokens });
  });

  it('builds the otpauth link an authenticator app reads', () => {
    expect(otpauthUri('Desk', 'li@example.cn', 'JBSWY3DPEHPK3PXP')).toBe(
      'otpauth://totp/Desk:li%40example.cn?secret=JBSWY3DPEHPK3PXP&issuer=Desk&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('checks the email, password and code before asking Cognito', async () => {
    const { sent, signIn } = fakeCognito([]);
    expect(await refusal(signIn.start('not-an-email', 'x'))).toEqual({ field: 'email', reason: 'badEmail' });
    expect(await refusal(signIn.start('wang@example.cn', ''))).toEqual({ field: 'password', reason: 'missingPassword' });
    expect(await refusal(signIn.answerTotp({ kind: 'totp', session: 's', username: 'u', email: 'a@b.cn' }, '12345'))).toEqual({
      field: 'code',
      reason: 'badCode',
    });
    expect(sent).toEqual([]);
  });

  it("names the field Cognito's refusals are about", async () => {
    const totp = { kind: 'totp', session: sessionOf(1), username: 'u', email: 'a@b.cn' } as const;
    const cases: Array<[Error, () => (signIn: ReturnType<typeof operatorSignIn>) => Promise<unknown>, { field: string; reason: string }]> =
      [
        [
          new CognitoFailure('NotAuthorizedException'),
          () => (s) => s.start('a@b.cn', 'wrong'),
          { field: 'password', reason: 'wrongPassword' },
        ],
        [
          new CognitoFailure('PasswordResetRequiredException'),
          () => (s) => s.start('a@b.cn', 'old'),
          { field: 'password', reason: 'resetRequired' },
        ],
        [new CognitoFailure('TooManyRequestsException'), () => (s) => s.start('a@b.cn', 'pw'), { field: 'form', reason: 'tooMany' }],
        [new CognitoUnreachable(), () => (s) => s.start('a@b.cn', 'pw'), { field: 'form', reason: 'network' }],
        [new CognitoFailure('CodeMismatchException'), () => (s) => s.answerTotp(totp, '000000'), { field: 'code', reason: 'wrongCode' }],
        // The three-minute session ran out between the password and the code.
        [new CognitoFailure('NotAuthorizedException'), () => (s) => s.answerTotp(totp, '000000'), { field: 'form', reason: 'expired' }],
        [
          new CognitoFailure('InvalidPasswordException'),
          () => (s) => s.setNewPassword({ kind: 'newPassword', session: 's', username: 'u', email: 'a@b.cn' }, 'short'),
          { field: 'newPassword', reason: 'weakPassword' },
        ],
        [
          new CognitoFailure('EnableSoftwareTokenMFAException'),
          () => (s) =>
            s.finishSetup({ kind: 'mfaSetup', session: 's', username: 'u', email: 'a@b.cn', secret: 'S', otpauthUri: '' }, '111111'),
          { field: 'code', reason: 'wrongCode' },
        ],
      ];
    for (const [failure, attempt, expected] of cases) {
      const { signIn } = fakeCognito([failure]);
      expect(await refusal(attempt()(signIn)), failure.message).toEqual(expected);
    }
  });

  it('refuses a code VerifySoftwareToken does not accept, and a challenge the desk cannot answer', async () => {
    const rejected = fakeCognito([{ Status: 'ERROR' }]);
    expect(
      await refusal(
        rejected.signIn.finishSetup(
          { kind: 'mfaSetup', session: 's', username: 'u', email: 'a@b.cn', secret: 'S', otpauthUri: '' },
          '111111',
        ),
      ),
    ).toEqual({
      field: 'code',
      reason: 'wrongCode',
    });
    expect(rejected.sent.map((entry) => entry.operation)).toEqual(['VerifySoftwareToken']);
    const sms = fakeCognito([{ ChallengeName: 'SMS_MFA', Session: 's', ChallengeParameters: {} }]);
    expect(await refusal(sms.signIn.start('a@b.cn', 'pw'))).toEqual({ field: 'form', reason: 'unsupported' });
    const smsOnlySetup = fakeCognito([
      { ChallengeName: 'MFA_SETUP', Session: 's', ChallengeParameters: { MFAS_CAN_SETUP: '["SMS_MFA"]' } },
    ]);
    expect(await refusal(smsOnlySetup.signIn.start('a@b.cn', 'pw'))).toEqual({ field: 'form', reason: 'unsupported' });
    expect(smsOnlySetup.sent).toHaveLength(1);
  });
});

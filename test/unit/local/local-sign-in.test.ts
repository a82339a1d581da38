import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTextMessageSender } from '#lib/delivery/text-message-sender.ts';
import { memoryLocalLogins } from '#infra/local/local-logins.ts';
import { codeLifetimeMs, createLocalSignIn, maxCodesPerWindow, maxTries } from '#infra/local/local-sign-in.ts';
import { memoryOutbox, type Outbox } from '#infra/local/outbox.ts';

let outbox: Outbox;

beforeEach(() => {
  outbox = memoryOutbox();
  useTextMessageSender(outbox);
});

afterEach(() => {
  useTextMessageSender(undefined);
});

async function setUp() {
  const logins = memoryLocalLogins();
  const { subject } = await logins.partnerLogin('13800000006');
  const signIn = createLocalSignIn({ logins, issueToken: async (sub) => `token-for-${sub}` });
  const lastCode = () => /(\d{6})/.exec(outbox.list().at(-1)?.text ?? '')?.[1] ?? '';
  return { signIn, subject, lastCode };
}

describe('local sign-in by SMS code', () => {
  it('texts a code through the text message sender and gives a token for the login, once', async () => {
    const { signIn, subject, lastCode } = await setUp();
    const t0 = 1_000_000;
    expect((await signIn.sendCode({ phone: '+86 138-0000-0006' }, t0)).status).toBe(202);
    expect(outbox.list()).toHaveLength(1);
    expect(outbox.list()[0]).toMatchObject({ to: '13800000006', purpose: 'signInCode' });
    const code = lastCode();
    expect(await signIn.exchangeCode({ phone: '13800000006', code }, t0 + 1000)).toEqual({ status: 200, body: { accessToken: `token-for-${subject}`, tokenType: 'Bearer' } });
    expect((await signIn.exchangeCode({ phone: '13800000006', code }, t0 + 2000)).status).toBe(400);
  });

  it('answers a number without a login the same, and texts nothing', async () => {
    const { signIn } = await setUp();
    expect(await signIn.sendCode({ phone: '13900000000' })).toEqual({ status: 202, body: { sent: true, expiresInSeconds: codeLifetimeMs / 1000 } });
    expect(outbox.list()).toHaveLength(0);
  });

  it('refuses a code after its lifetime, and after too many wrong tries', async () => {
    const { signIn, lastCode } = await setUp();
    await signIn.sendCode({ phone: '13800000006' }, 0);
    expect((await signIn.exchangeCode({ phone: '13800000006', code: lastCode() }, codeLifetimeMs)).status).toBe(400);

    await signIn.sendCode({ phone: '13800000006' }, 10);
    const code = lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < maxTries; attempt++) expect((await signIn.exchangeCode({ phone: '13800000006', code: wrong }, 20)).status).toBe(400);
    expect((await signIn.exchangeCode({ phone: '13800000006', code }, 30)).status).toBe(400);
  });

  it(`sends at most ${maxCodesPerWindow} codes to a number in ten minutes`, async () => {
    const { signIn } = await setUp();
    for (let sent = 0; sent < maxCodesPerWindow; sent++) expect((await signIn.sendCode({ phone: '13800000006' }, sent * 1000)).status).toBe(202);
    expect((await signIn.sendCode({ phone: '13800000006' }, 9 * 60_000)).status).toBe(429);
    expect((await signIn.sendCode({ phone: '13800000006' }, 11 * 60_000)).status).toBe(202);
  });

  it('names the field at fault in bad input', async () => {
    const { signIn } = await setUp();
    expect((await signIn.sendCode({ phone: '123' })).body).toMatchObject({ errors: [{ field: 'phone' }] });
    expect((await signIn.exchangeCode({ phone: '13800000006', code: '12ab' })).body).toMatchObject({ errors: [{ field: 'code' }] });
    expect((await signIn.sendCode(undefined)).status).toBe(400);
  });
});

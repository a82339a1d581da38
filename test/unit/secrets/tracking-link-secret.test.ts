import { afterEach, describe, expect, it } from 'vitest';
import { cachedSecretReader, parseTrackingLinkSecret, trackingLinkSecret } from '../../../lib/secrets/tracking-link-secret.ts';
import { startFakeSecretsExtension } from '../../support/fake-secrets-extension.ts';

const generated = 'a'.repeat(64);

describe('the tracking-link secret as stored', () => {
  it('is the stored string without surrounding white space', () => {
    expect(parseTrackingLinkSecret(`  ${generated}\n`)).toBe(generated);
  });

  it.each([undefined, '', '   ', 'short-secret', 'x'.repeat(31)])('refuses %j: not a generated secret', (stored) => {
    expect(() => parseTrackingLinkSecret(stored)).toThrow(/fewer than 32/);
  });
});

describe('the cached secret reader', () => {
  it('reads once for every caller of the environment, concurrent first calls included', async () => {
    let reads = 0;
    const read = cachedSecretReader(async () => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return generated;
    });
    expect(await Promise.all([read(), read(), read()])).toEqual([generated, generated, generated]);
    expect(await read()).toBe(generated);
    expect(reads).toBe(1);
  });

  it('keeps no failed read: the next call reads again', async () => {
    const answers: Array<() => string> = [
      () => {
        throw new Error('throttled');
      },
      () => generated,
    ];
    let reads = 0;
    const read = cachedSecretReader(async () => answers[reads++]?.());
    await expect(read()).rejects.toThrow('throttled');
    expect(await read()).toBe(generated);
    expect(reads).toBe(2);
  });

  it('keeps no value that is not a secret either', async () => {
    let reads = 0;
    const read = cachedSecretReader(async () => (reads++ === 0 ? 'tiny' : generated));
    await expect(read()).rejects.toThrow(/fewer than 32/);
    expect(await read()).toBe(generated);
  });
});

describe('where the secret comes from', () => {
  const saved = {
    value: process.env.TRACKING_LINK_SECRET,
    arn: process.env.TRACKING_LINK_SECRET_ARN,
    port: process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT,
    token: process.env.AWS_SESSION_TOKEN,
  };
  afterEach(() => {
    for (const [name, value] of [
      ['TRACKING_LINK_SECRET', saved.value],
      ['TRACKING_LINK_SECRET_ARN', saved.arn],
      ['PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', saved.port],
      ['AWS_SESSION_TOKEN', saved.token],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('is the local runtime’s value when it supplies one, without asking Secrets Manager', async () => {
    process.env.TRACKING_LINK_SECRET = 'local-secret-from-dot-local';
    process.env.TRACKING_LINK_SECRET_ARN = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:nowhere';
    expect(await trackingLinkSecret()).toBe('local-secret-from-dot-local');
  });

  it('is none when neither the value nor a secret ARN is set', async () => {
    delete process.env.TRACKING_LINK_SECRET;
    delete process.env.TRACKING_LINK_SECRET_ARN;
    expect(await trackingLinkSecret()).toBeUndefined();
  });

  it('is read through the Parameters and Secrets extension when only the ARN is set: once for the environment', async () => {
    const arn = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:TrackingLinks-AbCdEf';
    const extension = await startFakeSecretsExtension({ sessionToken: 'session-token', secrets: { [arn]: `  ${generated}\n` } });
    try {
      delete process.env.TRACKING_LINK_SECRET;
      process.env.TRACKING_LINK_SECRET_ARN = arn;
      process.env.AWS_SESSION_TOKEN = 'session-token';
      process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(extension.port);
      expect(await Promise.all([trackingLinkSecret(), trackingLinkSecret()])).toEqual([generated, generated]);
      expect(await trackingLinkSecret()).toBe(generated);
      expect(extension.requests).toEqual([{ method: 'GET', path: '/secretsmanager/get', secretId: arn, token: 'session-token' }]);
    } finally {
      await extension.close();
    }
  });
});

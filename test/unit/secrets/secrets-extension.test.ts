import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { secretStringFromExtension } from '#lib/secrets/secrets-extension.ts';
import { type FakeSecretsExtension, startFakeSecretsExtension } from '../../support/fake-secrets-extension.ts';

const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:TrackingLinks/Secret-AbC+dE=f';
const sessionToken = 'IQoJb3JpZ2luX2VjEJr//////////wEaDmFwLWVhc3QtMSJHMEUCIQ+/=';
const value = 'q'.repeat(64);

let extension: FakeSecretsExtension;
const environment = () => ({ AWS_SESSION_TOKEN: sessionToken, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port) });

beforeAll(async () => {
  extension = await startFakeSecretsExtension({ sessionToken, secrets: { [arn]: value } });
});
afterEach(() => {
  extension.requests.length = 0;
});
afterAll(async () => {
  await extension.close();
});

describe('a secret read through the Parameters and Secrets extension', () => {
  it("is the answer's SecretString, asked for with the session token and the secret's ARN (URL-encoded)", async () => {
    expect(await secretStringFromExtension(arn, { environment: environment() })).toBe(value);
    expect(extension.requests).toEqual([{ method: 'GET', path: '/secretsmanager/get', secretId: arn, token: sessionToken }]);
  });

  it("is undefined for a secret that has no string (a binary secret's answer)", async () => {
    extension.answerNext(200, JSON.stringify({ ARN: arn, SecretBinary: 'AAEC' }));
    expect(await secretStringFromExtension(arn, { environment: environment() })).toBeUndefined();
  });

  it('fails, saying so, when the extension refuses the token (403) or the request (400)', async () => {
    await expect(secretStringFromExtension(arn, { environment: { ...environment(), AWS_SESSION_TOKEN: 'another-session' } })).rejects.toThrow(
      /extension answered 403 for the secret: the token is not the session token/,
    );
    await expect(secretStringFromExtension(`${arn}-gone`, { environment: environment() })).rejects.toThrow(/extension answered 400 for the secret: ResourceNotFoundException/);
  });

  it('fails without asking when there is no session token to send', async () => {
    await expect(secretStringFromExtension(arn, { environment: { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port) } })).rejects.toThrow(
      /AWS_SESSION_TOKEN is not set/,
    );
    expect(extension.requests).toEqual([]);
  });

  it('fails on a 200 that is not JSON', async () => {
    extension.answerNext(200, '<html>proxy</html>');
    await expect(secretStringFromExtension(arn, { environment: environment() })).rejects.toThrow(/answered 200 with no JSON/);
  });

  it('gives up after its timeout when the extension does not answer', async () => {
    const silent = await startFakeSecretsExtension({ sessionToken, secrets: {} });
    silent.stall();
    try {
      const started = performance.now();
      await expect(
        secretStringFromExtension(arn, { environment: { AWS_SESSION_TOKEN: sessionToken, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(silent.port) }, timeoutMs: 150 }),
      ).rejects.toThrow(new RegExp(`extension on port ${silent.port} did not answer`));
      expect(silent.requests).toHaveLength(1);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await silent.close();
    }
  });

  it('fails, naming the port, when nothing listens there', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await expect(secretStringFromExtension(arn, { environment: { AWS_SESSION_TOKEN: sessionToken, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(freePort) } })).rejects.toThrow(
      new RegExp(`extension on port ${freePort} did not answer`),
    );
  });

  it.each(['0', '65536', 'abc', '27.73'])('refuses PARAMETERS_SECRETS_EXTENSION_HTTP_PORT=%s', async (port) => {
    await expect(secretStringFromExtension(arn, { environment: { AWS_SESSION_TOKEN: sessionToken, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: port } })).rejects.toThrow(
      /not a port number/,
    );
  });
});

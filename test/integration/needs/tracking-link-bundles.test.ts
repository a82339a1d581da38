/**
 * The submit handler as it runs in the cloud: its esbuild bundle from `cdk synth`, invoked with an
 * API Gateway HTTP API (payload 2.0) event, against DynamoDB Local. It seals the new need's
 * tracking token under the tracking-link secret its own bundled reader finds
 * (lib/secrets/tracking-link-secret.ts): the local runtime's value, which wins; and, with only a
 * Secrets Manager ARN, the value the Parameters and Secrets Lambda Extension answers, here a local
 * server that answers as the extension does (test/support/fake-secrets-extension.ts); when it
 * refuses, the need is kept, without a sealed link. The reader's cache and parsing are unit-tested
 * (test/unit/secrets/tracking-link-secret.test.ts). And behind CloudFront (the origin secret set), the
 * per-client limit counts residents by the viewer address CloudFront names, not by its edge address
 * (lib/http/client-address.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cdkJsonContext, createDistrictApp } from '#infra/district-app.ts';
import { createLambdaContext } from '#infra/local/lambda-context.ts';
import { loadDistrictFile } from '#lib/district/district-files.ts';
import { routes } from '#lib/topology/topology.ts';
import { type FakeSecretsExtension, startFakeSecretsExtension } from '../../support/fake-secrets-extension.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

type LambdaResult = { statusCode: number; body: string };

let system: LocalSystem;
let workDirectory: string;
let submit: (event: unknown, context: unknown) => Promise<LambdaResult>;
let extension: FakeSecretsExtension;
const secretArn = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:TrackingLinks-AbCdEf';
const cloudSecret = 'c'.repeat(40) + 'L0udSecretFromTheExtension';
const sessionToken = 'IQoJb3JpZ2luX2VjEJr//session';
const localSecret = process.env.TRACKING_LINK_SECRET;

beforeAll(async () => {
  system = await startLocalSystem();
  extension = await startFakeSecretsExtension({ sessionToken, secrets: { [secretArn]: cloudSecret } });
  workDirectory = await mkdtemp(join(tmpdir(), 'tracking-link-bundles-'));
  const { app, stacks } = createDistrictApp({
    context: cdkJsonContext(),
    outdir: join(workDirectory, 'cdk.out'),
    districts: [loadDistrictFile('demo')],
    stackProps: { routes: routes.filter((route) => route.handler === 'needs/submit-need'), streamConsumers: [], schedules: [] },
  });
  const assembly = app.synth();
  const fn = stacks[0]?.routeFunctions.get('needs/submit-need');
  if (!fn) throw new Error('no submit function');
  const owner = Stack.of(fn);
  const resource = (Template.fromStack(owner).toJSON() as { Resources: Record<string, { Properties: { Code: { S3Key: string } } }> }).Resources[
    owner.getLogicalId(fn.node.defaultChild as CfnResource)
  ];
  const bundle = join(assembly.directory, `asset.${resource?.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
  submit = ((await import(pathToFileURL(bundle).href)) as { handler: typeof submit }).handler;
}, 300_000);

afterEach(() => {
  if (localSecret === undefined) delete process.env.TRACKING_LINK_SECRET;
  else process.env.TRACKING_LINK_SECRET = localSecret;
  delete process.env.TRACKING_LINK_SECRET_ARN;
  delete process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.ORIGIN_VERIFY_SECRET;
});

afterAll(async () => {
  await extension?.close();
  await system?.stop();
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
});

interface Caller {
  sourceIp: string;
  headers: Record<string, string>;
}

const directCaller: Caller = { sourceIp: '203.0.113.9', headers: {} };

function submitEvent(phone: string, caller: Caller) {
  const body = JSON.stringify({ category: 'repairs', description: '厨房水管漏水', communityId: 'hehua', contact: { name: '钱先生', phone } });
  return {
    version: '2.0',
    routeKey: 'POST /needs',
    rawPath: '/needs',
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      host: 'abc123.execute-api.ap-east-1.amazonaws.com',
      'content-length': String(Buffer.byteLength(body)),
      ...caller.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.ap-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: 'POST', path: '/needs', protocol: 'HTTP/1.1', sourceIp: caller.sourceIp, userAgent: 'Mozilla/5.0' },
      requestId: `req-${randomUUID()}`,
      routeKey: 'POST /needs',
      stage: '$default',
      time: '29/Nov/2026:20:00:00 +0000',
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  };
}

async function send(phone: string, caller: Caller): Promise<{ statusCode: number; code?: string }> {
  const result = await submit(submitEvent(phone, caller), createLambdaContext({ functionName: 'needs-submit-need', timeoutMs: 10_000 }));
  return { statusCode: result.statusCode, code: (JSON.parse(result.body) as { code?: string }).code };
}

async function submitNeed(phone: string): Promise<{ statusCode: number; id: string; trackingToken: string }> {
  const result = await submit(submitEvent(phone, directCaller), createLambdaContext({ functionName: 'needs-submit-need', timeoutMs: 10_000 }));
  const answer = JSON.parse(result.body) as { id: string; trackingToken: string };
  if (result.statusCode !== 201) throw new Error(`submit answered ${result.statusCode}: ${result.body}`);
  return { ...answer, statusCode: result.statusCode };
}

describe('the bundled submit handler and the tracking-link secret', () => {
  it("seals the need's tracking token under the secret the local runtime supplies", async () => {
    const secret = process.env.TRACKING_LINK_SECRET;
    if (!secret) throw new Error('the local system sets TRACKING_LINK_SECRET');
    const { statusCode, id, trackingToken } = await submitNeed('13700000051');
    expect(statusCode).toBe(201);
    const { sealedTrackingLinkOf } = await import('#lib/data/needs-repository.ts');
    const { unsealForLink } = await import('#lib/needs/tracking-link.ts');
    const sealed = await sealedTrackingLinkOf(id);
    expect(sealed).toBeDefined();
    expect(sealed).not.toContain(trackingToken);
    expect(unsealForLink(sealed ?? '', secret)).toBe(trackingToken);
    expect(unsealForLink(sealed ?? '', `${secret}x`)).toBeUndefined();
  });

  // In this order: the bundle keeps the first secret it reads for its life, and no failed read.
  it('keeps the need without a sealed link when the extension refuses to read the secret', async () => {
    delete process.env.TRACKING_LINK_SECRET;
    process.env.TRACKING_LINK_SECRET_ARN = secretArn;
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(extension.port);
    process.env.AWS_SESSION_TOKEN = 'not-this-environment-s-session';
    extension.requests.length = 0;
    const { statusCode, id } = await submitNeed('13700000052');
    expect(statusCode).toBe(201);
    const { getNeed, sealedTrackingLinkOf } = await import('#lib/data/needs-repository.ts');
    expect((await getNeed(id))?.status).toBeDefined();
    expect(await sealedTrackingLinkOf(id)).toBeUndefined();
    expect(extension.requests.length).toBeGreaterThan(0);
    for (const request of extension.requests) expect(request).toMatchObject({ path: '/secretsmanager/get', secretId: secretArn });
  });

  it("with only the secret's ARN, seals under the value the Parameters and Secrets extension answers", async () => {
    delete process.env.TRACKING_LINK_SECRET;
    process.env.TRACKING_LINK_SECRET_ARN = secretArn;
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(extension.port);
    process.env.AWS_SESSION_TOKEN = sessionToken;
    extension.requests.length = 0;
    const { statusCode, id, trackingToken } = await submitNeed('13700000053');
    expect(statusCode).toBe(201);
    const { sealedTrackingLinkOf } = await import('#lib/data/needs-repository.ts');
    const { unsealForLink } = await import('#lib/needs/tracking-link.ts');
    expect(unsealForLink((await sealedTrackingLinkOf(id)) ?? '', cloudSecret)).toBe(trackingToken);
    expect(extension.requests).toEqual([{ method: 'GET', path: '/secretsmanager/get', secretId: secretArn, token: sessionToken }]);
  });
});

describe('the bundled submit handler behind CloudFront', () => {
  // The demo district's own limit, compiled into the bundle: 10 requests a minute per client.
  const edgeSecret = 'k7Fq2wXz9LmN4pRt8VbY3cDs6GhJ5kQe';
  let phoneSerial = 0;
  const phone = () => `1370001${String(phoneSerial++).padStart(4, '0')}`;
  const throughEdge = (edgeIp: string, viewer: string, secret = edgeSecret): Caller => ({
    sourceIp: edgeIp,
    headers: { 'x-origin-verify': secret, 'cloudfront-viewer-address': viewer },
  });
  /** Sends until the first refusal; 21 requests cover a clock minute turning once in between. */
  async function untilRefused(callerOf: (index: number) => Caller): Promise<{ statusCode: number; code?: string; sent: number }> {
    for (let sent = 1; sent <= 21; sent++) {
      const reply = await send(phone(), callerOf(sent));
      if (reply.statusCode !== 201) return { ...reply, sent };
    }
    return { statusCode: 201, sent: 21 };
  }

  it("counts residents who share one edge server each on their own: 12 viewers' submissions through one edge address all pass", async () => {
    process.env.ORIGIN_VERIFY_SECRET = edgeSecret;
    const replies = [];
    for (let viewer = 1; viewer <= 12; viewer++) replies.push(await send(phone(), throughEdge('130.176.98.4', `198.51.100.${viewer}:4${viewer}021`)));
    expect(replies.map((reply) => reply.statusCode)).toEqual(Array(12).fill(201));
  });

  it('still limits one viewer, whichever edge servers carry its requests (IPv6 viewers too)', async () => {
    process.env.ORIGIN_VERIFY_SECRET = edgeSecret;
    const refused = await untilRefused((index) => throughEdge(`130.176.99.${index}`, '2001:db8:85a3::8a2e:370:7334:51234'));
    expect(refused).toMatchObject({ statusCode: 429, code: 'client_rate' });
    expect(refused.sent).toBeGreaterThan(10);
  });

  it('believes no viewer address without the origin secret: a direct caller naming a new one each time is counted by its own address', async () => {
    const refused = await untilRefused((index) => ({ sourceIp: '192.0.2.77', headers: { 'cloudfront-viewer-address': `198.51.100.${index}:443` } }));
    expect(refused).toMatchObject({ statusCode: 429, code: 'client_rate' });
    process.env.ORIGIN_VERIFY_SECRET = edgeSecret;
    expect(await send(phone(), throughEdge('130.176.98.5', '198.51.100.200:443', `${edgeSecret}x`))).toMatchObject({ statusCode: 403 });
  });
});

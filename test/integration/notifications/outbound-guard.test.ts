/**
 * Outbound requests reach public addresses only: real sockets on this machine stand in for an
 * internal service, with loopback refused as it is in the cloud (OUTBOUND_ALLOW_LOOPBACK unset).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postAttempt } from '#lib/delivery/http-attempt.ts';
import { channelUrlProblems, forbiddenUrl } from '#lib/delivery/outbound-guard.ts';

let server: Server;
let port: number;
const received: string[] = [];
let answer: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: 'ok' };

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

afterEach(() => {
  delete process.env.OUTBOUND_ALLOW_LOOPBACK;
  received.length = 0;
  answer = { status: 200, body: 'ok' };
});

const post = (url: string) => postAttempt({ url, body: '{}', timeoutMs: 2000 });

describe('outbound requests', () => {
  it('never connect to a loopback address outside the local runtime, by literal or by name', async () => {
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`]) {
      const result = await post(url);
      expect(result, url).toMatchObject({ ok: false, retryable: false });
      expect(result.ok ? '' : result.error).toMatch(/refused to connect/);
    }
    expect(received).toEqual([]);
  });

  it('reach this machine when the local runtime allows loopback', async () => {
    process.env.OUTBOUND_ALLOW_LOOPBACK = 'true';
    expect(await post(`http://localhost:${port}/hook`)).toEqual({ ok: true, statusCode: 200 });
    expect(received).toEqual(['POST /hook']);
  });

  it('keep only the status line of an error answer, never its body', async () => {
    process.env.OUTBOUND_ALLOW_LOOPBACK = 'true';
    answer = { status: 500, body: 'AWS_SECRET_ACCESS_KEY=internal-secret' };
    const result = await post(`http://127.0.0.1:${port}/hook`);
    expect(result).toEqual({ ok: false, statusCode: 500, retryable: true, error: 'HTTP 500' });
  });

  it('do not follow redirects', async () => {
    process.env.OUTBOUND_ALLOW_LOOPBACK = 'true';
    answer = { status: 302, body: '', headers: { location: 'http://169.254.169.254/latest/meta-data/' } };
    const result = await post(`http://127.0.0.1:${port}/hook`);
    expect(result).toMatchObject({ ok: false, statusCode: 302 });
    expect(received).toEqual(['POST /hook']);
  });

  it('refuse metadata and private literals at send, whatever the environment', async () => {
    process.env.OUTBOUND_ALLOW_LOOPBACK = 'true';
    for (const url of ['https://169.254.169.254/latest/meta-data/', 'https://10.1.2.3/hook', 'https://[fd00:ec2::254]/']) {
      expect(await post(url), url).toMatchObject({ ok: false, retryable: false });
    }
  });

  it('check URLs at save: names resolved, each refusal named by its field', async () => {
    expect(await forbiddenUrl(`http://localhost:${port}/`)).toMatch(/localhost \((127\.0\.0\.1|::1)\) is a loopback address/);
    const problems = await channelUrlProblems([
      { type: 'webhook', url: 'https://203.0.113.7/ok', secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` },
      { type: 'webhook', url: `http://localhost:${port}/x`, secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` },
      { type: 'sms', phone: '13800000000' },
    ]);
    expect(problems).toEqual([expect.objectContaining({ field: 'notificationChannels.1.url', code: 'forbidden_address' })]);
  });
});

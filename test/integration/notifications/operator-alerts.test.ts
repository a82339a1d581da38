/**
 * Operators' alerts on the district's channel, against a real local HTTP server standing in for a
 * WeCom group robot and a Standard Webhooks receiver, and through the one text-message sender.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryOutbox } from '#infra/local/outbox.ts';
import { deliverAlert } from '#lib/delivery/deliver-alert.ts';
import { useTextMessageSender } from '#lib/delivery/text-message-sender.ts';
import type { OperatorAlert } from '#lib/messaging/operator-alert.ts';

const received: Array<{ url: string; headers: Record<string, string | string[] | undefined>; body: string }> = [];
let server: Server;
let base = '';
const secret = 'whsec_Y29tbXVuaXR5LXBhcnRuZXJzLWRlbW8tc2VjcmV0ISE=';

const alert: OperatorAlert = {
  id: 'escalated.n1.3',
  kind: 'escalated',
  needId: 'n1',
  at: '2026-12-01T02:00:00.000Z',
  title: '【需求待处理】维修 · 荷花社区',
  lines: ['原因：无人值班', '紧急程度：紧急', '需求编号：n1'],
};

beforeAll(async () => {
  // The stand-in servers listen on this machine: allowed as in the local runtime (refused in the cloud).
  process.env.OUTBOUND_ALLOW_LOOPBACK = 'true';
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      response.setHeader('content-type', 'application/json');
      response.end(request.url?.startsWith('/robot') ? JSON.stringify({ errcode: 0, errmsg: 'ok' }) : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.OUTBOUND_ALLOW_LOOPBACK;
  useTextMessageSender(undefined);
  await new Promise((resolve) => server.close(resolve));
});

describe("operators' alerts on the district's channel", () => {
  it('posts markdown to a WeCom group robot', async () => {
    const result = await deliverAlert(alert, { type: 'wecom', webhookUrl: `${base}/robot/send?key=abc` });
    expect(result).toMatchObject({ ok: true });
    const posted = JSON.parse(received.at(-1)?.body ?? '{}') as { msgtype: string; markdown: { content: string } };
    expect(posted.msgtype).toBe('markdown');
    expect(posted.markdown.content).toContain('需求待处理');
  });

  it('posts a signed Standard Webhook', async () => {
    await deliverAlert(alert, { type: 'webhook', url: `${base}/hook`, secret });
    const last = received.at(-1);
    const verified = new Webhook(secret.slice('whsec_'.length)).verify(last?.body ?? '', {
      'webhook-id': String(last?.headers['webhook-id']),
      'webhook-timestamp': String(last?.headers['webhook-timestamp']),
      'webhook-signature': String(last?.headers['webhook-signature']),
    }) as { type: string; data: OperatorAlert };
    expect(verified.type).toBe('operatorAlert.escalated');
    expect(verified.data.needId).toBe('n1');
  });

  it('texts an operators’ number through the one sender (the local outbox)', async () => {
    const outbox = memoryOutbox();
    useTextMessageSender(outbox);
    await deliverAlert(alert, { type: 'sms', phone: '13900000000' });
    expect(outbox.list()).toMatchObject([{ to: '13900000000', purpose: 'operatorAlert', dedupeKey: 'escalated.n1.3' }]);
  });

  it('gives up on a channel that keeps failing without throwing (the alert is in the inbox)', async () => {
    const result = await deliverAlert(alert, { type: 'wecom', webhookUrl: 'http://127.0.0.1:9/robot/send?key=closed' });
    expect(result?.ok).toBe(false);
  });
});

/**
 * Operators' alerts on the district's channel, against a real local HTTP server standing in for a
 * WeCom group robot and a Standard Webhooks receiver, and through the one text-message sender; and
 * the stack's alarms forwarded there (#12): the alarm forwarder's handler as the alarm topic invokes
 * it (an SNS event carrying CloudWatch's message). Neither touches a table.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryOutbox } from '#infra/local/outbox.ts';
import { deliverAlert } from '#lib/delivery/deliver-alert.ts';
import { useTextMessageSender } from '#lib/delivery/text-message-sender.ts';
import type { OperatorAlert } from '#lib/messaging/operator-alert.ts';
import type { SNSEvent } from 'aws-lambda';
import { createLambdaContext } from '#infra/local/lambda-context.ts';
import { loadDistrictFile } from '#lib/district/district-files.ts';

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

const demo = loadDistrictFile('demo');

function alarmMessage(state: 'ALARM' | 'OK'): string {
  return JSON.stringify({
    AlarmName: 'CommunityPartners-demo-Operations-WatchdogBreaches-9Z8Y',
    AlarmDescription: '需求看门狗发现超时未处理的需求，请查看工作人员收件箱 | The need watchdog escalated or flagged needs without a step',
    NewStateValue: state,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [3.0] was greater than or equal to the threshold (1.0).',
    StateChangeTime: '2026-12-01T02:00:07.123+0000',
  });
}

function snsEvent(message: string): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:ap-east-1:123456789012:alarms:0b6941c3-f04d-4d3e-a66d-b1df00e1e381',
        Sns: {
          Type: 'Notification',
          MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
          TopicArn: 'arn:aws:sns:ap-east-1:123456789012:alarms',
          Subject: 'ALARM: "CommunityPartners-demo-Operations-WatchdogBreaches-9Z8Y" in Asia Pacific (Hong Kong)',
          Message: message,
          Timestamp: '2026-12-01T02:00:07.500Z',
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.ap-east-1.amazonaws.com/cert.pem',
          UnsubscribeUrl: 'https://sns.ap-east-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

describe('the alarm forwarder', () => {
  beforeAll(() => {
    process.env.DISTRICT_CONFIG = JSON.stringify(demo);
  });

  it("texts the demo district's operators a plain Chinese line for an alarm and for its recovery", async () => {
    expect(demo.operatorAlerts.channel).toEqual({ type: 'sms', phone: '13900000000' });
    const outbox = memoryOutbox();
    useTextMessageSender(outbox);
    const { handler } = await import('#functions/operators/forward-alarms.ts');
    const context = createLambdaContext({ functionName: 'forwardAlarms', timeoutMs: 10_000 });
    expect(await handler(snsEvent(alarmMessage('ALARM')), context)).toEqual(['delivered']);
    expect(await handler(snsEvent(alarmMessage('OK')), context)).toEqual(['delivered']);
    const texts = outbox.list();
    expect(texts.map((text) => ({ to: text.to, purpose: text.purpose }))).toEqual([
      { to: '13900000000', purpose: 'operatorAlert' },
      { to: '13900000000', purpose: 'operatorAlert' },
    ]);
    expect(texts[0]?.text).toBe(
      '【系统告警】示范区\n需求看门狗发现超时未处理的需求，请查看工作人员收件箱\n时间：2026-12-01 10:00\n告警名称：CommunityPartners-demo-Operations-WatchdogBreaches-9Z8Y',
    );
    expect(texts[1]?.text.startsWith('【告警解除】')).toBe(true);
  });

  it('leaves a message that is not an alarm’s, sending nothing', async () => {
    const outbox = memoryOutbox();
    useTextMessageSender(outbox);
    const { handler } = await import('#functions/operators/forward-alarms.ts');
    expect(await handler(snsEvent('{"Type":"SubscriptionConfirmation"}'), createLambdaContext({ functionName: 'forwardAlarms', timeoutMs: 10_000 }))).toEqual(['notAnAlarm']);
    expect(outbox.list()).toEqual([]);
  });

  it('posts markdown to a WeCom group robot, through the same guarded HTTP attempt as escalations', async () => {
    const { forwardAlarm } = await import('#lib/use-cases/forward-alarm.ts');
    const district = { ...demo, operatorAlerts: { ...demo.operatorAlerts, channel: { type: 'wecom' as const, webhookUrl: `${base}/robot/send?key=ops` } } };
    expect(await forwardAlarm(alarmMessage('ALARM'), district)).toBe('delivered');
    const body = JSON.parse(received.at(-1)?.body ?? '{}') as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('需求看门狗发现超时未处理的需求');
  });

  it('refuses a robot URL on a private address in the cloud (the SSRF guard), without throwing', async () => {
    delete process.env.OUTBOUND_ALLOW_LOOPBACK;
    try {
      const { forwardAlarm } = await import('#lib/use-cases/forward-alarm.ts');
      const district = { ...demo, operatorAlerts: { ...demo.operatorAlerts, channel: { type: 'wecom' as const, webhookUrl: `${base}/robot/send?key=ops` } } };
      const before = received.length;
      expect(await forwardAlarm(alarmMessage('ALARM'), district)).toBe('notDelivered');
      expect(received.length).toBe(before);
    } finally {
      process.env.OUTBOUND_ALLOW_LOOPBACK = 'true';
    }
  });

  it('does nothing for a district without a channel (the alarm topic still has the alarm)', async () => {
    const { forwardAlarm } = await import('#lib/use-cases/forward-alarm.ts');
    expect(await forwardAlarm(alarmMessage('ALARM'), { ...demo, operatorAlerts: { retentionDays: 90 } })).toBe('noChannel');
  });
});

/**
 * Operators' alerts about needs reach the district's channel from the stream (#12): the watchdog
 * and the resident's step only write the alert to the operators' inbox, and the alert consumer
 * posts it, here to a Standard Webhooks receiver on this machine that can be made to hang. The
 * watchdog's run does not wait for the channel; a redelivered record posts nothing twice; a channel
 * that answers 500 is tried again by the stream.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeHandler, type LambdaHandler } from '#infra/local/lambda-context.ts';
import type { OperatorAlert } from '#lib/messaging/operator-alert.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

const secret = `whsec_${Buffer.from('operators-channel-secret-0123456').toString('base64')}`;

interface Posted {
  headers: Record<string, string>;
  body: string;
  status: number;
}

let system: LocalSystem;
let server: Server;
const posted: Posted[] = [];
/** Requests held unanswered while the channel hangs. */
const held: ServerResponse[] = [];
let mode: 'answer' | 'hang' | 'fail' = 'answer';

function receive(incoming: IncomingMessage, response: ServerResponse): void {
  let body = '';
  incoming.on('data', (chunk) => {
    body += chunk;
  });
  incoming.on('end', () => {
    if (mode === 'hang') {
      held.push(response);
      return;
    }
    const status = mode === 'fail' ? 500 : 200;
    posted.push({ headers: Object.fromEntries(Object.entries(incoming.headers).map(([name, value]) => [name, String(value)])), body, status });
    response.statusCode = status;
    response.end('{}');
  });
}

beforeAll(async () => {
  server = createServer(receive);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/operators`;
  system = await startLocalSystem({
    configureDistrict: (district) => ({
      ...district,
      submissions: { ...district.submissions, perPhone: null, clientRequestsPerMinute: 100_000, confirmNewPhones: false },
      operatorAlerts: { ...district.operatorAlerts, channel: { type: 'webhook', url, secret } },
    }),
  });
}, 60_000);

afterAll(async () => {
  for (const response of held.splice(0)) response.end();
  await system?.stop();
  await new Promise((resolve) => server?.close(resolve));
});

/** The alerts the channel took (answered 200) about `needId`, each verified with the channel's secret. */
function alertsPostedFor(needId: string, status = 200): Array<{ type: string; data: OperatorAlert }> {
  return posted
    .filter((entry) => entry.status === status)
    .map((entry) => new Webhook(secret).verify(entry.body, entry.headers) as { type: string; data: OperatorAlert })
    .filter((event) => event.data.needId === needId);
}

async function escalatedNeed(phone: string): Promise<string> {
  // Nobody takes public problems in Hehua: the need goes to staff at once (an "escalated" alert).
  const reply = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', {
    body: { category: 'publicIssue', description: '楼道灯不亮', communityId: 'hehua', contact: { name: '卫先生', phone } },
  });
  expect(reply.status).toBe(201);
  await system.poller.drain();
  return reply.body.id;
}

describe("operators' alerts from the stream", () => {
  it('posts the escalation written by the resident’s step to the channel, signed, once', async () => {
    const id = await escalatedNeed('13700005001');
    const alerts = alertsPostedFor(id);
    expect(alerts.map((alert) => alert.type)).toEqual(['operatorAlert.escalated']);
    // Nothing personal goes to the group: no name, no phone number, no description.
    expect(JSON.stringify(alerts)).not.toMatch(/卫先生|13700005001|楼道灯不亮/);
  });

  it('lets the watchdog run return while the channel hangs, and posts its alert once the channel answers', async () => {
    const id = await escalatedNeed('13700005002');
    mode = 'hang';
    try {
      const { watchNeedsNow } = await import('#functions/operators/watch-needs.ts');
      // Each channel attempt waits up to 5 s: a run that waited for the hanging channel would lose this race.
      const run = await Promise.race([
        watchNeedsNow(new Date(Date.now() + 2 * 86_400_000)),
        new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 2500)),
      ]);
      if (typeof run === 'string') throw new Error('the watchdog run waited');
      expect(run.flagged).toBeGreaterThanOrEqual(1);
      const inbox = await request<{ alerts: Array<{ needId: string; kind: string }> }>(system.baseUrl, 'GET', '/operators/inbox', {
        headers: { authorization: `Bearer ${await system.issueToken('operator', 'op-1')}` },
      });
      expect(inbox.body.alerts.filter((alert) => alert.needId === id).map((alert) => alert.kind)).toContain('watchdog');
      expect(alertsPostedFor(id).map((alert) => alert.type)).toEqual(['operatorAlert.escalated']);
    } finally {
      mode = 'answer';
      // The held attempts time out as failures worth retrying; the stream tries them again.
      for (const response of held.splice(0)) response.destroy();
    }
    await system.poller.drain();
    expect(alertsPostedFor(id).map((alert) => alert.type)).toEqual(['operatorAlert.escalated', 'operatorAlert.watchdog']);
  });

  it('posts nothing twice when the record is delivered again, and tries a failing channel again', async () => {
    const id = await escalatedNeed('13700005003');
    const [alert] = alertsPostedFor(id);
    if (!alert) throw new Error('no alert posted');
    const { handler } = await import('#functions/operators/deliver-operator-alert.ts');
    const event: DynamoDBStreamEvent = {
      Records: [
        {
          eventID: 'again',
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          dynamodb: { NewImage: marshall({ pk: 'OPERATORS#x', sk: 'ALERT#x', type: 'operatorAlert', ...alert.data }) as never, SequenceNumber: '1', StreamViewType: 'NEW_AND_OLD_IMAGES' },
        },
      ],
    };
    const invoke = () => invokeHandler(handler as LambdaHandler, event, { functionName: 'deliverAlert', timeoutMs: 30_000 });
    expect(await invoke()).toEqual({ batchItemFailures: [] });
    expect(alertsPostedFor(id)).toHaveLength(1);

    const failing = { ...alert.data, id: `${alert.data.id}.retried` };
    const retried = { ...event, Records: event.Records.map((record) => ({ ...record, dynamodb: { ...record.dynamodb, NewImage: marshall({ type: 'operatorAlert', ...failing }) as never } })) };
    mode = 'fail';
    try {
      // Its only record failed: the whole batch fails, and the stream delivers it again.
      await expect(invokeHandler(handler as LambdaHandler, retried, { functionName: 'deliverAlert', timeoutMs: 30_000 })).rejects.toThrow(/failed processing/);
    } finally {
      mode = 'answer';
    }
    // The claim was given back: the stream's next delivery posts it.
    expect(await invokeHandler(handler as LambdaHandler, retried, { functionName: 'deliverAlert', timeoutMs: 30_000 })).toEqual({ batchItemFailures: [] });
    expect(alertsPostedFor(id, 500).filter((posting) => posting.data.id === failing.id)).toHaveLength(1);
    expect(alertsPostedFor(id).filter((posting) => posting.data.id === failing.id)).toHaveLength(1);
  });
});

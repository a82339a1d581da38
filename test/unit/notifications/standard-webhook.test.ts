import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { standardWebhookRequest } from '#lib/notifications/standard-webhook.ts';
import { testSecret } from './notification-fixtures.ts';

const payload = { type: 'offer.created', timestamp: '2026-11-24T02:20:00.000Z', data: { offerId: 'x', text: '缝补' } };

describe('Standard Webhooks request', () => {
  it('is signed so that the reference library verifies it and returns the payload', () => {
    const signed = standardWebhookRequest(testSecret, 'ntf_abc_1_created', payload, new Date());
    expect(new Webhook(testSecret).verify(signed.body, signed.headers)).toEqual(payload);
  });

  it('has the spec headers: the notification id, the attempt time in Unix seconds, a v1 signature', () => {
    const attemptAt = new Date('2026-11-24T02:20:05.900Z');
    const signed = standardWebhookRequest(testSecret, 'ntf_abc_1_created', payload, attemptAt);
    expect(signed.headers['webhook-id']).toBe('ntf_abc_1_created');
    expect(signed.headers['webhook-timestamp']).toBe(String(Math.floor(attemptAt.getTime() / 1000)));
    expect(signed.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(signed.headers['content-type']).toBe('application/json');
    expect(JSON.parse(signed.body)).toEqual(payload);
  });

  it('fails verification with another secret or a changed body', () => {
    const signed = standardWebhookRequest(testSecret, 'ntf_abc_1_created', payload, new Date());
    const other = `whsec_${Buffer.from('another-secret-of-24-bytes').toString('base64')}`;
    expect(() => new Webhook(other).verify(signed.body, signed.headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(testSecret).verify(signed.body.replace('缝补', '维修'), signed.headers)).toThrow(/No matching signature/);
  });
});

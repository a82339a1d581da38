import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { standardWebhookKey, standardWebhookRequest } from '#lib/notifications/standard-webhook.ts';
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

// Secrets as channels hold them (whsec_ + base64 of the key), of any length the spec's 24–64 bytes and beyond.
const aSecret = fc.uint8Array({ minLength: 1, maxLength: 80 }).map((key) => `whsec_${Buffer.from(key).toString('base64')}`);
const anId = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 });
const aPayload = fc.jsonValue({ maxDepth: 3 });

describe('Standard Webhooks signatures, checked by the reference library (standardwebhooks)', () => {
  it('are the signatures the reference library makes, for any id, time, body and secret', () => {
    fc.assert(
      fc.property(aSecret, anId, aPayload, fc.date({ min: new Date(0), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (secret, id, payload, at) => {
        const signed = standardWebhookRequest(secret, id, payload, at);
        expect(signed.headers['webhook-signature']).toBe(new Webhook(secret).sign(id, at, signed.body));
      }),
      { numRuns: 300 },
    );
  });

  it("pass the reference verifier, which gives back the body's value, for attempts within its five minutes", () => {
    fc.assert(
      fc.property(aSecret, anId, aPayload, fc.integer({ min: -290, max: 290 }), (secret, id, payload, offsetSeconds) => {
        const signed = standardWebhookRequest(secret, id, payload, new Date(Date.now() + offsetSeconds * 1000));
        expect(new Webhook(secret).verify(signed.body, signed.headers)).toEqual(JSON.parse(signed.body));
      }),
      { numRuns: 200 },
    );
  });

  it('fail the reference verifier when the body, the id or the secret differs', () => {
    fc.assert(
      fc.property(aSecret, aSecret, anId, aPayload, (secret, otherSecret, id, payload) => {
        fc.pre(standardWebhookKey(secret).compare(standardWebhookKey(otherSecret)) !== 0);
        const signed = standardWebhookRequest(secret, id, payload, new Date());
        expect(() => new Webhook(otherSecret).verify(signed.body, signed.headers)).toThrow(/No matching signature/);
        expect(() => new Webhook(secret).verify(`${signed.body} `, signed.headers)).toThrow(/No matching signature/);
        expect(() => new Webhook(secret).verify(signed.body, { ...signed.headers, 'webhook-id': `${id}x` })).toThrow(/No matching signature/);
      }),
      { numRuns: 100 },
    );
  });

  it('refuse a secret that is not whole base64 rather than sign with part of it', () => {
    expect(standardWebhookKey(testSecret).toString()).toBe('0123456789abcdef01234567');
    for (const secret of ['whsec_', 'whsec_abc', 'whsec_QR==', 'whsec_ab!d', 'whsec_YWJj ZA==']) {
      expect(() => standardWebhookRequest(secret, 'ntf_1', payload, new Date()), secret).toThrow(/not whsec_ followed by the base64/);
    }
  });
});

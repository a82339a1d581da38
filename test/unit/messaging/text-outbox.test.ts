import { describe, expect, it } from 'vitest';
import { outcomeOf, textSendAttempts, withoutNumbers } from '../../../lib/messaging/text-outbox.ts';

describe('a queued text’s outcome', () => {
  it('is sent when the provider took it, whatever the attempt', () => {
    expect(outcomeOf({ ok: true }, 1)).toEqual({ status: 'sent' });
    expect(outcomeOf({ ok: true }, textSendAttempts)).toEqual({ status: 'sent' });
  });

  it('is retried while a failure worth retrying has attempts left, and failed on the last one', () => {
    const busy = { ok: false as const, error: 'SNS Throttling', retryable: true };
    expect(outcomeOf(busy, 1)).toEqual({ status: 'retry', error: 'SNS Throttling' });
    expect(outcomeOf(busy, textSendAttempts - 1)).toEqual({ status: 'retry', error: 'SNS Throttling' });
    expect(outcomeOf(busy, textSendAttempts)).toEqual({ status: 'failed', error: `gave up after ${textSendAttempts} attempts: SNS Throttling`, gaveUp: true });
  });

  it('is failed at once when retrying cannot help', () => {
    expect(outcomeOf({ ok: false, error: 'no SMS provider', retryable: false }, 1)).toEqual({ status: 'failed', error: 'no SMS provider', gaveUp: false });
  });

  it('keeps no number the provider quoted in its error', () => {
    expect(withoutNumbers('Invalid parameter: PhoneNumber Reason: +8613700004006 is not valid')).toBe('Invalid parameter: PhoneNumber Reason: … is not valid');
    expect(withoutNumbers('bad number 137 0000 4006, retry later')).toBe('bad number …, retry later');
    expect(outcomeOf({ ok: false, error: 'refused 13700004006', retryable: false }, 1)).toEqual({ status: 'failed', error: 'refused …', gaveUp: false });
    expect(withoutNumbers('HTTP 503 after 30 s')).toBe('HTTP 503 after 30 s');
  });
});

describe('the text sender’s declaration', () => {
  it('lets the stream deliver a text as often as the sender attempts it, so the last attempt records the failure', async () => {
    const { streamConsumers } = await import('../../../lib/topology/topology.ts');
    const sender = streamConsumers.find((consumer) => consumer.handler === 'notifications/send-text-message');
    expect(sender?.retryAttempts).toBe(textSendAttempts - 1);
  });
});

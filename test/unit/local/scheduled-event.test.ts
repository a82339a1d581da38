import { describe, expect, it } from 'vitest';
import { scheduledEvent } from '#infra/local/scheduler.ts';

describe('scheduled event', () => {
  it('has the shape of an EventBridge scheduled rule event', () => {
    const event = scheduledEvent('offerExpiry', new Date('2026-03-01T08:00:00.123Z'), 'local');
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-03-01T08:00:00Z',
      region: 'local',
      resources: [expect.stringMatching(/^arn:aws:events:local:\d{12}:rule\/offerExpiry$/)],
      detail: {},
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseInput } from '#lib/http/validate.ts';
import type { Need } from '#lib/needs/need.ts';
import { needSubmissionSchema } from '#lib/needs/need-submission.ts';
import {
  endedAt,
  partnerMaySeeContact,
  privacySettingsSchema,
  removedText,
  retentionCutoff,
  withConsentApplied,
  withoutPersonalData,
} from '#lib/needs/personal-data.ts';

const settings = privacySettingsSchema.parse({ partnerContactDays: 3, retentionDays: 180 });
const submission = parseInput(needSubmissionSchema, {
  category: 'homeCare',
  description: '老伴卧床，需要人帮忙翻身',
  communityId: 'hehua',
  address: '荷花小区1幢101',
  specialGroups: ['elderly80', 'seriouslyIll', 'disabled'],
  contact: { name: '王阿姨', phone: '13800138000' },
});

function need(status: Need['status'], lastStepAt = '2026-11-20T10:00:00.000Z', extra: Partial<Need> = {}): Need {
  return {
    ...submission,
    id: '00000000-0000-4000-8000-000000000001',
    districtId: 'demo',
    status,
    trackingTokenHash: 'h',
    correlationId: 'c',
    createdAt: '2026-11-19T10:00:00.000Z',
    updatedAt: lastStepAt,
    version: 4,
    timeline: [
      { status: 'submitted', at: '2026-11-19T10:00:00.000Z' },
      { status, at: lastStepAt },
    ],
    assignedPartner: { id: 'p1', name: { zh: '李师傅' } },
    rating: { stars: 2, comment: '来晚了，王阿姨很生气', tags: ['late'], at: lastStepAt },
    ...extra,
  };
}
const day = 86_400_000;
const at = (iso: string, days: number) => new Date(Date.parse(iso) + days * day);

describe('consent', () => {
  it('keeps sensitive special groups only with separate consent, naming what was left out', () => {
    expect(withConsentApplied(submission)).toEqual({ submission: { ...submission, specialGroups: ['elderly80'] }, withheld: ['seriouslyIll', 'disabled'] });
    const consented = { ...submission, consent: { personalInfo: true as const, sensitive: true } };
    expect(withConsentApplied(consented)).toEqual({ submission: consented, withheld: [] });
  });

  it('refuses a consent that does not agree to share the contact', () => {
    expect(needSubmissionSchema.safeParse({ ...submission, consent: { personalInfo: false } }).success).toBe(false);
  });
});

describe('partnerMaySeeContact', () => {
  it('shows the contact while the partner works, and for the set days after the order ends', () => {
    expect(partnerMaySeeContact(need('accepted'), new Date('2027-06-01'), settings)).toBe(true);
    expect(partnerMaySeeContact(need('started'), new Date('2027-06-01'), settings)).toBe(true);
    for (const ended of ['completed', 'cancelled'] as const) {
      expect(partnerMaySeeContact(need(ended), at('2026-11-20T10:00:00.000Z', 3), settings)).toBe(true);
      expect(partnerMaySeeContact(need(ended), new Date(at('2026-11-20T10:00:00.000Z', 3).getTime() + 1), settings)).toBe(false);
    }
  });

  it('never shows it before acceptance, without an assigned partner, or once removed', () => {
    expect(partnerMaySeeContact(need('offered'), new Date('2026-11-20T10:00:00Z'), settings)).toBe(false);
    const { assignedPartner, ...unassigned } = need('accepted');
    expect(partnerMaySeeContact(unassigned, new Date('2026-11-20T10:00:00Z'), settings)).toBe(false);
    expect(partnerMaySeeContact(need('accepted', undefined, { personalDataRemovedAt: '2026-11-21T00:00:00Z' }), new Date(), settings)).toBe(false);
  });
});

describe('retention', () => {
  it('dates a need from when it ended, and not while it is open or already cleared', () => {
    expect(endedAt(need('completed', '2026-11-25T08:00:00.000Z'))).toBe('2026-11-25T08:00:00.000Z');
    expect(endedAt(need('started'))).toBeUndefined();
    expect(endedAt(need('cancelled', undefined, { personalDataRemovedAt: '2026-11-21T00:00:00Z' }))).toBeUndefined();
    expect(retentionCutoff(new Date('2027-06-01T00:00:00Z'), settings).toISOString()).toBe('2026-12-03T00:00:00.000Z');
  });

  it('removes who, where and what the resident wrote, keeping what reports count', () => {
    const cleared = withoutPersonalData(need('completed'), new Date('2027-06-01T00:00:00Z'));
    expect(JSON.stringify(cleared)).not.toMatch(/王阿姨|13800138000|荷花小区|卧床|来晚了/);
    expect(cleared).toMatchObject({
      category: 'homeCare',
      communityId: 'hehua',
      status: 'completed',
      description: removedText,
      rating: { stars: 2, tags: ['late'] },
      personalDataRemovedAt: '2027-06-01T00:00:00.000Z',
    });
    expect(cleared.timeline).toHaveLength(2);
  });
});

describe('personal data edges', () => {
  it('keeps a submission without sensitive groups as it is, with or without consent', () => {
    const plain = { ...submission, specialGroups: ['elderly80' as const, 'livingAlone' as const] };
    expect(withConsentApplied(plain)).toEqual({ submission: plain, withheld: [] });
    const refused = { ...submission, consent: { personalInfo: true as const, sensitive: false } };
    expect(withConsentApplied(refused).withheld).toEqual(['seriouslyIll', 'disabled']);
  });

  it('treats a need closed by operators like a completed one: contact for the set days, then retention from its closing', () => {
    const closedAt = '2026-11-22T10:00:00.000Z';
    expect(partnerMaySeeContact(need('closed', closedAt), at(closedAt, 1), settings)).toBe(true);
    expect(partnerMaySeeContact(need('closed', closedAt), at(closedAt, 4), settings)).toBe(false);
    expect(endedAt(need('closed', closedAt))).toBe(closedAt);
  });

  it('hides the contact from a partner of a need not yet accepted or waiting, even right after the step', () => {
    for (const status of ['submitted', 'offered', 'waiting', 'escalated', 'referred'] as const) {
      expect(partnerMaySeeContact(need(status), new Date('2026-11-20T10:00:00.000Z'), settings), status).toBe(false);
      expect(endedAt(need(status)), status).toBeUndefined();
    }
  });

  it('counts the days from the last step into the ended status, and hides the contact with no such step', () => {
    const reopened = need('completed', '2026-11-20T10:00:00.000Z', {
      timeline: [
        { status: 'completed', at: '2026-11-01T10:00:00.000Z' },
        { status: 'completed', at: '2026-11-20T10:00:00.000Z' },
      ],
    });
    expect(partnerMaySeeContact(reopened, at('2026-11-20T10:00:00.000Z', 2), settings)).toBe(true);
    expect(endedAt(reopened)).toBe('2026-11-20T10:00:00.000Z');
    const stepless = need('completed', '2026-11-20T10:00:00.000Z', { timeline: [{ status: 'submitted', at: '2026-11-19T10:00:00.000Z' }] });
    expect(partnerMaySeeContact(stepless, new Date('2026-11-20T10:00:00.000Z'), settings)).toBe(false);
    // Retention still starts: from the need's last update.
    expect(endedAt({ ...stepless, updatedAt: '2026-11-21T00:00:00.000Z' })).toBe('2026-11-21T00:00:00.000Z');
  });

  it('hides the contact the moment the order ends when the district keeps it 0 days', () => {
    const none = privacySettingsSchema.parse({ partnerContactDays: 0 });
    expect(partnerMaySeeContact(need('completed'), new Date('2026-11-20T10:00:00.000Z'), none)).toBe(true);
    expect(partnerMaySeeContact(need('completed'), new Date('2026-11-20T10:00:00.001Z'), none)).toBe(false);
  });

  it('removes the location, the contact phone and the rating comment; a need with no rating gets none', () => {
    const located = need('completed', undefined, { location: { lat: 30.27, lng: 120.15 } });
    const cleared = withoutPersonalData(located, new Date('2027-06-01T00:00:00Z'));
    expect(cleared).not.toHaveProperty('location');
    expect(cleared).not.toHaveProperty('address');
    expect(cleared.contact).toEqual({ name: removedText, phone: '' });
    expect(cleared.rating).toEqual({ stars: 2, tags: ['late'], at: '2026-11-20T10:00:00.000Z' });
    const { rating, ...unrated } = located;
    expect(withoutPersonalData(unrated, new Date('2027-06-01T00:00:00Z'))).not.toHaveProperty('rating');
  });

  it('dates the end by the step into the ended status, not by a later update such as a rating', () => {
    expect(endedAt(need('completed', '2026-11-20T10:00:00.000Z', { updatedAt: '2026-11-22T09:00:00.000Z' }))).toBe('2026-11-20T10:00:00.000Z');
  });

  it('says in the cleared fields that the personal data was removed', () => {
    expect(removedText).toBe('（个人信息已删除）');
  });

  it('keeps the district settings within their bounds', () => {
    expect(privacySettingsSchema.parse({})).toEqual({ partnerContactDays: 3, retentionDays: 180 });
    const accepts = (input: object) => privacySettingsSchema.safeParse(input).success;
    expect([-1, 0, 30, 31, 1.5].map((partnerContactDays) => accepts({ partnerContactDays }))).toEqual([false, true, true, false, false]);
    expect([29, 30, 3650, 3651].map((retentionDays) => accepts({ retentionDays }))).toEqual([false, true, true, false]);
    expect(accepts({ keepForever: true })).toBe(false);
  });
});

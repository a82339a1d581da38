import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { parseDistrictConfig } from '#lib/district/district-config.ts';
import { parseInput } from '#lib/http/validate.ts';
import {
  canMove,
  canRate,
  cancelNeed,
  completedAt,
  escalateNeed,
  isNeedId,
  moveNeed,
  type NeedStatus,
  needStatuses,
  offerNeed,
} from '#lib/needs/need.ts';
import { checkAgainstDistrict, needSubmissionSchema, sensitiveSpecialGroups } from '#lib/needs/need-submission.ts';
import { district, valid } from './need-fixtures.ts';
import { accepted, at, completed, later, offered, started, submitted } from '../orders/order-fixtures.ts';

describe('a preferred window on submission', () => {
  const now = new Date('2026-11-23T02:00:00Z');
  const withWindow = (from: string, to: string) =>
    checkAgainstDistrict(parseInput(needSubmissionSchema, { ...valid, preferredWindow: { from, to } }), district, now);

  it('is accepted when it ends in the future, even if it has begun', () => {
    expect(withWindow('2026-11-24T09:00:00+08:00', '2026-11-24T11:00:00+08:00')).toEqual([]);
    expect(withWindow('2026-11-23T09:00:00+08:00', '2026-11-23T10:00:01+08:00')).toEqual([]);
  });

  it('is refused when it ends now or earlier, with the field and the reason', () => {
    expect(withWindow('2026-11-23T09:00:00+08:00', '2026-11-23T10:00:00+08:00')).toEqual([
      { field: 'preferredWindow.to', code: 'in_past', detail: 'the window has already ended' },
    ]);
  });

  it('must end after it starts', () => {
    expect(
      needSubmissionSchema.safeParse({ ...valid, preferredWindow: { from: '2026-11-24T09:00:00Z', to: '2026-11-24T09:00:00Z' } }).success,
    ).toBe(false);
  });

  it('accepts any grid of the community, not only its first', () => {
    const twoGrids = parseDistrictConfig({
      id: 'test',
      name: { zh: '测试区', en: 'Test' },
      communities: [
        {
          id: 'hehua',
          name: { zh: '荷花社区', en: 'Hehua' },
          grids: [
            { id: 'hehua-1', name: { zh: '一', en: 'One' } },
            { id: 'hehua-2', name: { zh: '二', en: 'Two' } },
          ],
        },
      ],
    });

    expect(checkAgainstDistrict(parseInput(needSubmissionSchema, { ...valid, gridId: 'hehua-2' }), twoGrids, now)).toEqual([]);
  });

  it('says why a category or a place is refused', () => {
    const problems = (input: object) => checkAgainstDistrict(parseInput(needSubmissionSchema, { ...valid, ...input }), district, now);

    expect(problems({ category: 'astrology' })).toEqual([
      { field: 'category', code: 'unknown_value', detail: 'not a known service category (see GET /catalog)' },
    ]);
    expect(problems({ category: 'haircut' })).toEqual([
      { field: 'category', code: 'unknown_value', detail: 'this service is not offered in this district' },
    ]);
    expect(problems({ communityId: 'x' })).toEqual([
      { field: 'communityId', code: 'unknown_value', detail: 'not a community of this district (see GET /catalog)' },
    ]);
    expect(problems({ gridId: 'x' })).toEqual([{ field: 'gridId', code: 'unknown_value', detail: 'not a grid of community hehua' }]);
  });
});

describe('cancelling a need', () => {
  it('succeeds before the partner starts, with the reason in the timeline and a new version', () => {
    for (const need of [
      submitted(),
      offered(),
      accepted().need,
      escalateNeed(submitted(), { code: 'noCandidates', message: { zh: '', en: '' } }, at),
    ]) {
      const cancelled = cancelNeed(need, later(3), '不需要了');

      expect(cancelled.status, need.status).toBe('cancelled');
      expect(cancelled.version).toBe(need.version + 1);
      expect(cancelled.updatedAt).toBe(later(3).toISOString());
      expect(cancelled.timeline.at(-1)).toEqual({ status: 'cancelled', at: later(3).toISOString(), reason: '不需要了' });
    }
  });

  it('stores no reason when the resident gives none', () => {
    expect(cancelNeed(offered(), later(3)).timeline.at(-1)).toEqual({ status: 'cancelled', at: later(3).toISOString() });
  });

  it('is refused once started or finished, naming the status', () => {
    for (const need of [started(), completed(), cancelNeed(offered(), at)]) {
      expect(() => cancelNeed(need, later(100))).toThrow(Conflict);
      expect(() => cancelNeed(need, later(100))).toThrow(`a need that is ${need.status} can no longer be cancelled`);
    }
  });
});

describe('the need lifecycle', () => {
  const allowed: Record<NeedStatus, NeedStatus[]> = {
    // Waiting for a free place, referral to a co-building unit and operators' closing (#8).
    submitted: ['offered', 'escalated', 'waiting', 'cancelled', 'closed'],
    offered: ['offered', 'accepted', 'escalated', 'waiting', 'cancelled', 'closed'],
    accepted: ['started', 'offered', 'escalated', 'waiting', 'cancelled'],
    started: ['completed', 'escalated'],
    completed: ['closed'],
    escalated: ['submitted', 'offered', 'accepted', 'referred', 'closed', 'cancelled'],
    waiting: ['offered', 'escalated', 'waiting', 'submitted', 'referred', 'closed', 'cancelled'],
    referred: ['submitted', 'offered', 'closed', 'cancelled'],
    // A new phone number's code (#10): confirmed, withdrawn, or closed unconfirmed.
    awaitingConfirmation: ['submitted', 'cancelled', 'closed'],
    cancelled: [],
    closed: [],
  };

  it('allows exactly the documented moves', () => {
    for (const from of needStatuses) {
      for (const to of needStatuses) expect(canMove(from, to), `${from} → ${to}`).toBe(allowed[from].includes(to));
    }
  });

  it('names both statuses when it refuses a move', () => {
    expect(() => moveNeed(completed(), 'started', at)).toThrow('a need that is completed cannot become started');
  });

  it('bumps the version and the update time with each step', () => {
    const moved = moveNeed(submitted(), 'escalated', later(1));
    expect(moved).toMatchObject({ version: 2, updatedAt: later(1).toISOString(), createdAt: at.toISOString() });
  });

  it('keeps the availability given on a re-offer, and the old one when none is given', () => {
    const reoffered = offerNeed(offered(), later(5), { zh: '明天', en: 'tomorrow' });
    expect(reoffered).toMatchObject({
      status: 'offered',
      version: offered().version + 1,
      updatedAt: later(5).toISOString(),
      availability: { en: 'tomorrow' },
    });
    expect(offerNeed(offered(), later(5)).availability).toEqual({ zh: '最早今天', en: 'today' });
    expect(offerNeed(submitted(), later(5)).availability).toBeUndefined();
  });

  it('cannot be rated once closed, or when no completion was recorded', () => {
    expect(canRate(moveNeed(completed(), 'closed', later(100)), later(101))).toBe(false);
    expect(canRate({ ...completed(), timeline: [] }, later(100))).toBe(false);
  });

  it('finds the completion time in the timeline, and none before', () => {
    expect(completedAt(completed())).toEqual(later(90));
    expect(completedAt(started())).toBeUndefined();
  });

  it('recognises need ids as lower-case UUIDs only', () => {
    expect(isNeedId('3f2b8c1e-7a4d-4e2b-9c1a-0d5e6f7a8b9c')).toBe(true);
    for (const id of [
      '3f2b8c1e-7a4d-4e2b-9c1a-0d5e6f7a8b9c0',
      '3F2B8C1E-7A4D-4E2B-9C1A-0D5E6F7A8B9C',
      '3f2b8c1e-7a4d-4e2b-9c1a-0d5e6f7a8b9',
      'x3f2b8c1e-7a4d-4e2b-9c1a-0d5e6f7a8b9c',
      'n1',
    ]) {
      expect(isNeedId(id), id).toBe(false);
    }
  });
});

describe('the preferred window and consent, at their limits and in their words', () => {
  const now = new Date('2026-11-23T02:00:00Z');
  const withWindow = (from: string, to: string) =>
    checkAgainstDistrict(parseInput(needSubmissionSchema, { ...valid, preferredWindow: { from, to } }), district, now);

  it('accepts a window starting exactly 30 days ahead and words the refusal of one a second later', () => {
    expect(withWindow('2026-12-23T02:00:00Z', '2026-12-23T03:00:00Z')).toEqual([]);
    expect(withWindow('2026-12-23T02:00:01Z', '2026-12-23T03:00:00Z')).toEqual([
      { field: 'preferredWindow.from', code: 'too_far_ahead', detail: 'must start within 30 days' },
    ]);
  });

  it('words the refusal of a window longer than 14 days', () => {
    const result = needSubmissionSchema.safeParse({ ...valid, preferredWindow: { from: '2026-11-24T00:00:00Z', to: '2026-12-08T00:00:01Z' } });
    expect(result.success || result.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['preferredWindow.to', 'at most 14 days long']]);
  });

  it('takes a consent without the sensitive part as no consent to it, and words a refused consent', () => {
    expect(parseInput(needSubmissionSchema, { ...valid, consent: { personalInfo: true } }).consent).toEqual({ personalInfo: true, sensitive: false });
    const refused = needSubmissionSchema.safeParse({ ...valid, consent: { personalInfo: false } });
    expect(refused.success || refused.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['consent.personalInfo', 'the resident must agree to share the contact for this need'],
    ]);
  });

  it('counts health, disability and children under 14 as sensitive, old age and living alone not', () => {
    expect(sensitiveSpecialGroups).toEqual(['disabled', 'seriouslyIll', 'infant']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../../lib/matching/explanation.ts';
import { residentSummary, shortReasonForPartner } from '../../../lib/matching/explanation-text.ts';
import { defaultMatchingSettings } from '../../../lib/matching/matching-settings.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { candidate, district, request, tuesdayMorning } from './matching-fixtures.ts';

function choose(
  candidates: Parameters<typeof rankCandidates>[1],
  overrides: Parameters<typeof request>[0] = {},
  now = tuesdayMorning,
): Explanation {
  const chosen = rankCandidates(request(overrides), candidates, defaultMatchingSettings, district(), now).chosen;
  if (!chosen) throw new Error('expected a choice');
  return chosen;
}

// 2025-03-03 is a Monday; the partners below are on duty on Tuesday mornings only.
const sundayEvening = new Date('2025-03-02T12:00:00Z'); // Sun 20:00 in Shanghai
const tuesdayMornings = { weekly: [{ day: 2, from: '09:00', to: '12:00' }] };
const lightest = candidate(
  { id: 'light', serviceArea: { grids: ['hehua-1'] }, schedule: tuesdayMornings },
  { openOrders: 0, recentOrders: 0 },
);
const busier = candidate(
  { id: 'busy', serviceArea: { grids: ['hehua-1'] }, schedule: tuesdayMornings },
  { openOrders: 2, recentOrders: 6 },
);

describe('shortReasonForPartner', () => {
  it('says when the partner is on duty and its strongest reasons, in Chinese', () => {
    expect(shortReasonForPartner(choose([lightest, busier], {}, sundayEvening), 'zh')).toBe('周二上午值班，同一网格，当前任务最少');
  });

  it('says the same in English', () => {
    expect(shortReasonForPartner(choose([lightest, busier], {}, sundayEvening), 'en')).toBe(
      'on duty Tuesday morning, same grid, lightest load',
    );
  });

  it('says now when the partner is on duty already', () => {
    expect(shortReasonForPartner(choose([lightest, busier]), 'en')).toMatch(/^on duty now, /);
  });

  it('says tomorrow for the next local day', () => {
    const mondayMorning = new Date('2025-03-03T02:00:00Z'); // Mon 10:00 in Shanghai

    expect(shortReasonForPartner(choose([lightest], {}, mondayMorning), 'zh')).toMatch(/^明天上午值班/);
  });

  it('gives the distance when it is known', () => {
    const nearby = candidate({ base: { lat: 30.2751, lng: 120.1551 } });

    expect(shortReasonForPartner(choose([nearby], { location: { lat: 30.2741, lng: 120.1551 } }), 'zh')).toContain('相距0.1公里');
  });
});

describe('residentSummary', () => {
  it('tells the resident a partner was found and from when, in Chinese', () => {
    expect(residentSummary(choose([lightest], {}, sundayEvening), 'zh')).toBe('已为您找到合伙人，最早3月4日（周二）09:00可以提供服务。');
  });

  it('and in English', () => {
    expect(residentSummary(choose([lightest], {}, sundayEvening), 'en')).toBe(
      'We have found a partner for you, available from Tuesday 4 March at 09:00.',
    );
  });

  it('says now when the partner can serve at once', () => {
    expect(residentSummary(choose([lightest]), 'zh')).toBe('已为您找到合伙人，现在就可以提供服务。');
  });
});

import { describe, expect, it } from 'vitest';
import type { Explanation, ExplainedTerm } from '../../../lib/matching/explanation.ts';
import { residentSummary, shortReasonForPartner } from '../../../lib/matching/explanation-text.ts';
import { defaultMatchingSettings } from '../../../lib/matching/matching-settings.ts';
import type { TermName } from '../../../lib/matching/objectives.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { candidate, district, request, tuesdayMorning } from './matching-fixtures.ts';

const term = (name: TermName, grade: number, contribution: number): ExplainedTerm => ({
  name,
  grade,
  weight: 0.2,
  contribution,
  detail: '',
});

/** An explanation of a partner on duty now, with the given terms and leads. */
function explained(terms: ExplainedTerm[], overrides: Partial<Explanation> = {}): Explanation {
  const base = rankCandidates(request(), [candidate()], defaultMatchingSettings, district(), tuesdayMorning).chosen;
  if (!base) throw new Error('the fixture partner must be chosen');
  return { ...base, terms, leadingTerms: [], proximity: { kind: 'sameGrid' }, priceMode: 'market', ...overrides } as Explanation;
}

const why = (explanation: Explanation) => shortReasonForPartner(explanation, 'en');

describe("the partner's why", () => {
  it('cites only terms graded at least 0.5, however much a weak one contributes', () => {
    const text = why(explained([term('skill', 0.49, 0.2), term('reputation', 0.5, 0.05), term('loadBalance', 0.2, 0.15)]));

    expect(text).toBe('on duty now, well rated');
  });

  it('cites the two strongest by contribution, the earlier term first on a tie', () => {
    const terms = [term('skill', 1, 0.1), term('reputation', 1, 0.2), term('reliability', 1, 0.2), term('loadBalance', 1, 0.05)];

    expect(why(explained(terms))).toBe('on duty now, well rated, reliable');
  });

  it('never prints an empty phrase: terms with nothing to say are skipped and the next one is used', () => {
    const terms = [term('earliestAvailability', 1, 0.3), term('priceFit', 1, 0.25), term('proximity', 0.6, 0.2), term('skill', 0.75, 0.1)];
    const text = why(explained(terms, { proximity: { kind: 'elsewhere' }, priceMode: 'market' }));

    expect(text).toBe('on duty now, skilled');
    expect(shortReasonForPartner(explained(terms, { proximity: { kind: 'elsewhere' } }), 'zh')).toBe('现在值班，技能熟练');
  });

  it('says nothing but the duty when no term is strong', () => {
    expect(why(explained([term('skill', 0.25, 0.3)]))).toBe('on duty now');
    expect(shortReasonForPartner(explained([term('skill', 0.25, 0.3)]), 'zh')).toBe('现在值班');
  });

  it('words a leading term as the best and a strong one as good, in both languages', () => {
    const terms = [term('skill', 1, 0.3), term('reputation', 1, 0.2)];

    expect(why(explained(terms, { leadingTerms: ['skill'] }))).toBe('on duty now, highest skill level, well rated');
    expect(why(explained(terms, { leadingTerms: ['reputation'] }))).toBe('on duty now, skilled, best rated');
    expect(shortReasonForPartner(explained(terms, { leadingTerms: ['skill', 'reputation'] }), 'zh')).toBe(
      '现在值班，技能等级最高，评价最好',
    );
    expect(shortReasonForPartner(explained(terms), 'zh')).toBe('现在值班，技能熟练，评价良好');
  });

  it.each([
    ['reliability', true, 'most reliable', '履约最可靠'],
    ['reliability', false, 'reliable', '接单守约'],
    ['loadBalance', true, 'lightest load', '当前任务最少'],
    ['loadBalance', false, 'light load', '当前任务较少'],
  ] as const)('words %s (leading: %s)', (name, leads, en, zh) => {
    const explanation = explained([term(name, 1, 0.3)], { leadingTerms: leads ? [name] : [] });

    expect(why(explanation)).toBe(`on duty now, ${en}`);
    expect(shortReasonForPartner(explanation, 'zh')).toBe(`现在值班，${zh}`);
  });

  it('words proximity by area or by distance', () => {
    const near = [term('proximity', 1, 0.3)];

    expect(why(explained(near, { proximity: { kind: 'sameCommunity' } }))).toBe('on duty now, same community');
    expect(shortReasonForPartner(explained(near, { proximity: { kind: 'sameCommunity' } }), 'zh')).toBe('现在值班，同一社区');
    expect(shortReasonForPartner(explained(near, { proximity: { kind: 'sameGrid' } }), 'zh')).toBe('现在值班，同一网格');
    expect(why(explained(near, { proximity: { kind: 'distance', km: 0.44 }, leadingTerms: ['proximity'] }))).toBe(
      'on duty now, closest (0.4 km)',
    );
    expect(shortReasonForPartner(explained(near, { proximity: { kind: 'distance', km: 0.44 }, leadingTerms: ['proximity'] }), 'zh')).toBe(
      '现在值班，距离最近（0.4公里）',
    );
    expect(why(explained(near, { proximity: { kind: 'distance', km: 1.26 } }))).toBe('on duty now, 1.3 km away');
  });

  it('words the price for free and low-cost service only', () => {
    const price = [term('priceFit', 1, 0.3)];

    expect(why(explained(price, { priceMode: 'free' }))).toBe('on duty now, free service');
    expect(shortReasonForPartner(explained(price, { priceMode: 'free' }), 'zh')).toBe('现在值班，公益服务');
    expect(why(explained(price, { priceMode: 'lowCost' }))).toBe('on duty now, low-cost service');
    expect(shortReasonForPartner(explained(price, { priceMode: 'lowCost' }), 'zh')).toBe('现在值班，低偿服务');
    expect(why(explained(price, { priceMode: 'market' }))).toBe('on duty now');
  });
});

describe('when the partner is on duty, in words', () => {
  const rankedAt = '2025-03-04T01:00:00.000Z'; // Tuesday 09:00 in Shanghai
  const from = (iso: string) => explained([], { rankedAt, availability: { from: iso, until: iso } });

  it.each([
    ['2025-03-04T01:00:00.000Z', 'on duty now', '现在值班'],
    ['2025-03-04T06:00:00.000Z', 'on duty this afternoon', '今天下午值班'],
    ['2025-03-04T11:00:00.000Z', 'on duty this evening', '今天晚上值班'],
    ['2025-03-04T20:00:00.000Z', 'on duty tomorrow early morning', '明天凌晨值班'],
    ['2025-03-05T02:00:00.000Z', 'on duty tomorrow morning', '明天上午值班'],
    ['2025-03-06T02:00:00.000Z', 'on duty Thursday morning', '周四上午值班'],
    ['2025-03-10T06:00:00.000Z', 'on duty Monday afternoon', '周一下午值班'],
    ['2025-03-11T02:00:00.000Z', 'on duty Tuesday 11 March, morning', '3月11日（周二）上午值班'],
  ])('says %s as "%s"', (iso, en, zh) => {
    expect(shortReasonForPartner(from(iso), 'en')).toBe(en);
    expect(shortReasonForPartner(from(iso), 'zh')).toBe(zh);
  });

  it.each([
    ['2025-03-04T01:00:00.000Z', 'We have found a partner for you, available now.', '已为您找到合伙人，现在就可以提供服务。'],
    [
      '2025-03-04T06:05:00.000Z',
      'We have found a partner for you, available from today at 14:05.',
      '已为您找到合伙人，最早今天14:05可以提供服务。',
    ],
    [
      '2025-03-05T00:30:00.000Z',
      'We have found a partner for you, available from tomorrow at 08:30.',
      '已为您找到合伙人，最早明天08:30可以提供服务。',
    ],
    [
      '2025-12-24T02:00:00.000Z',
      'We have found a partner for you, available from Wednesday 24 December at 10:00.',
      '已为您找到合伙人，最早12月24日（周三）10:00可以提供服务。',
    ],
  ])('tells the resident %s', (iso, en, zh) => {
    expect(residentSummary(from(iso), 'en')).toBe(en);
    expect(residentSummary(from(iso), 'zh')).toBe(zh);
  });
});

describe('every weekday and month in words', () => {
  const rankedAt = '2025-03-02T04:00:00.000Z'; // Sunday 2 March, noon in Shanghai
  const from = (iso: string) => explained([], { rankedAt, availability: { from: iso, until: iso } });

  it('names each weekday of the coming week', () => {
    const days = ['2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08'].map((date) => from(`${date}T02:00:00.000Z`));

    expect(days.map((explanation) => shortReasonForPartner(explanation, 'zh'))).toEqual([
      '周二上午值班',
      '周三上午值班',
      '周四上午值班',
      '周五上午值班',
      '周六上午值班',
    ]);
    expect(days.map((explanation) => shortReasonForPartner(explanation, 'en'))).toEqual([
      'on duty Tuesday morning',
      'on duty Wednesday morning',
      'on duty Thursday morning',
      'on duty Friday morning',
      'on duty Saturday morning',
    ]);
    expect(shortReasonForPartner(from('2025-03-09T02:00:00.000Z'), 'zh')).toBe('3月9日（周日）上午值班');
    expect(shortReasonForPartner(from('2025-03-09T02:00:00.000Z'), 'en')).toBe('on duty Sunday 9 March, morning');
  });

  it('names each month', () => {
    const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((month) =>
      residentSummary(from(`2026-${month}-15T02:00:00.000Z`), 'en').replace(/^.*available from \w+ 15 (\w+) at 10:00\.$/, '$1'),
    );

    expect(months).toEqual([
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ]);
  });
});

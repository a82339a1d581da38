import { describe, expect, it } from 'vitest';
import { parseInput } from '#lib/http/validate.ts';
import {
  assignSchema,
  closeSchema,
  escalationListQuerySchema,
  followUpCloseSchema,
  needListQuerySchema,
  redispatchSchema,
  referSchema,
  referralReplySchema,
} from '#lib/needs/operator-requests.ts';
import { problemsOf } from '../problems-of.ts';


describe("the operators' need list query", () => {
  it('defaults to the newest 25', () => {
    expect(parseInput(needListQuerySchema, {})).toEqual({ order: 'newest', limit: 25 });
  });

  it('takes the limit from the query string, 1 to 100 whole needs', () => {
    expect(parseInput(needListQuerySchema, { limit: '100' }).limit).toBe(100);
    expect(parseInput(needListQuerySchema, { limit: '1' }).limit).toBe(1);
    for (const limit of ['0', '101', '2.5', 'ten']) expect(problemsOf(needListQuerySchema, { limit }).map((problem) => problem.field), limit).toEqual(['limit']);
  });

  it('refuses a range that ends before it starts, naming to; one day is a range', () => {
    expect(problemsOf(needListQuerySchema, { from: '2026-11-02', to: '2026-11-01' })).toEqual([{ field: 'to', detail: 'must not be before from' }]);
    expect(problemsOf(needListQuerySchema, { from: '2026-11-01', to: '2026-11-01' })).toEqual([]);
    expect(problemsOf(needListQuerySchema, { from: '2026-11-01' })).toEqual([]);
    expect(problemsOf(needListQuerySchema, { to: '2026-11-01' })).toEqual([]);
    expect(problemsOf(needListQuerySchema, { from: '1 Nov' })).toEqual([{ field: 'from', detail: 'a date as YYYY-MM-DD' }]);
  });

  it('knows only real statuses, categories and orders, and bounds the cursor and community', () => {
    expect(problemsOf(needListQuerySchema, { status: 'waiting', category: 'repairs', communityId: 'hehua', order: 'oldest' })).toEqual([]);
    expect(parseInput(needListQuerySchema, { order: 'newest' }).order).toBe('newest');
    expect(parseInput(escalationListQuerySchema, { order: 'oldest' }).order).toBe('oldest');
    for (const query of [{ status: 'lost' }, { category: 'pets' }, { order: 'random' }, { cursor: 'x'.repeat(4001) }, { communityId: '' }, { communityId: 'x'.repeat(65) }, { page: 2 }]) {
      expect(problemsOf(needListQuerySchema, query), JSON.stringify(query)).toHaveLength(1);
    }
    expect(problemsOf(needListQuerySchema, { cursor: 'x'.repeat(4000), communityId: 'x'.repeat(64) })).toEqual([]);
  });
});

describe("the operators' escalation list query", () => {
  it('defaults to the oldest 50 first, and bounds the page', () => {
    expect(parseInput(escalationListQuerySchema, {})).toEqual({ order: 'oldest', limit: 50 });
    expect(parseInput(escalationListQuerySchema, { limit: '100', order: 'newest' })).toEqual({ order: 'newest', limit: 100 });
    for (const query of [{ limit: '0' }, { limit: '101' }, { cursor: 'x'.repeat(4001) }, { status: 'escalated' }]) {
      expect(problemsOf(escalationListQuerySchema, query), JSON.stringify(query)).toHaveLength(1);
    }
  });
});

describe("the operators' action bodies", () => {
  it('assigns without an override by default, and asks a written reason for one', () => {
    expect(parseInput(assignSchema, { partnerId: ' p1 ' })).toEqual({ partnerId: 'p1', override: false });
    expect(problemsOf(assignSchema, { partnerId: 'p1', override: true })).toEqual([{ field: 'reason', detail: 'an override needs a written reason' }]);
    expect(parseInput(assignSchema, { partnerId: 'p1', override: true, reason: '居民点名要他' })).toMatchObject({ override: true, reason: '居民点名要他' });
    expect(problemsOf(assignSchema, { partnerId: ' ' }).map((problem) => problem.field)).toEqual(['partnerId']);
    expect(problemsOf(assignSchema, { partnerId: 'x'.repeat(101) }).map((problem) => problem.field)).toEqual(['partnerId']);
    expect(problemsOf(assignSchema, { partnerId: 'x'.repeat(100) })).toEqual([]);
  });

  it('trims notes and refuses empty or over-long ones, naming the rule', () => {
    expect(parseInput(redispatchSchema, { note: ' 已招募新合伙人 ' })).toEqual({ note: '已招募新合伙人' });
    expect(problemsOf(redispatchSchema, { note: '  ' })).toEqual([{ field: 'note', detail: 'must not be empty' }]);
    expect(problemsOf(redispatchSchema, { note: '字'.repeat(501) })).toEqual([{ field: 'note', detail: 'at most 500 characters' }]);
    expect(problemsOf(redispatchSchema, { note: '字'.repeat(500) })).toEqual([]);
  });

  it('knows each outcome list, and nothing else', () => {
    expect(problemsOf(closeSchema, { outcome: 'duplicate' })).toEqual([]);
    expect(problemsOf(referralReplySchema, { outcome: 'notResolved' })).toEqual([]);
    expect(problemsOf(followUpCloseSchema, { outcome: 'partnerCoached' })).toEqual([]);
    expect(problemsOf(closeSchema, { outcome: 'partnerCoached' }).map((problem) => problem.field)).toEqual(['outcome']);
    expect(problemsOf(referralReplySchema, { outcome: 'duplicate' }).map((problem) => problem.field)).toEqual(['outcome']);
    expect(problemsOf(followUpCloseSchema, { outcome: 'duplicate', extra: 1 }).map((problem) => problem.field).sort()).toEqual(['extra', 'outcome']);
  });

  it('refers to a named unit', () => {
    expect(parseInput(referSchema, { unitId: ' u1 ' })).toEqual({ unitId: 'u1' });
    expect(problemsOf(referSchema, { unitId: '' }).map((problem) => problem.field)).toEqual(['unitId']);
    expect(problemsOf(referSchema, { unitId: 'u'.repeat(101) }).map((problem) => problem.field)).toEqual(['unitId']);
  });
});

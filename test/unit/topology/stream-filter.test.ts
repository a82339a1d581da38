import { describe, expect, it } from 'vitest';
import { matchesAnyFilter, matchesFilter } from '#lib/topology/stream-filter.ts';
import { methodsByPath, needBackToMatching, needInserted, routeKey, routes } from '#lib/topology/topology.ts';

const insertOf = (type: string, extra: object = {}) => ({ eventName: 'INSERT', dynamodb: { NewImage: { type: { S: type }, ...extra } } });

describe('stream filter', () => {
  it('admits inserted needs and nothing else', () => {
    expect(matchesFilter(needInserted, insertOf('need'))).toBe(true);
    expect(matchesFilter(needInserted, insertOf('partner'))).toBe(false);
    expect(matchesFilter(needInserted, { ...insertOf('need'), eventName: 'MODIFY' })).toBe(false);
    expect(matchesFilter(needInserted, { eventName: 'REMOVE', dynamodb: { OldImage: { type: { S: 'need' } } } })).toBe(false);
  });

  it('admits a need moved back to submitted (its code confirmed, an operator’s redispatch), not one that stayed there', () => {
    const step = (before: string, after: string, type = 'need') => ({
      eventName: 'MODIFY',
      dynamodb: { OldImage: { type: { S: type }, status: { S: before } }, NewImage: { type: { S: type }, status: { S: after } } },
    });
    expect(matchesFilter(needBackToMatching, step('awaitingConfirmation', 'submitted'))).toBe(true);
    expect(matchesFilter(needBackToMatching, step('escalated', 'submitted'))).toBe(true);
    expect(matchesFilter(needBackToMatching, step('submitted', 'submitted'))).toBe(false);
    expect(matchesFilter(needBackToMatching, step('submitted', 'offered'))).toBe(false);
    expect(matchesFilter(needBackToMatching, step('escalated', 'submitted', 'offer'))).toBe(false);
    expect(matchesFilter(needBackToMatching, insertOf('need', { status: { S: 'submitted' } }))).toBe(false);
  });

  it('applies prefix, anything-but, numeric and exists rules', () => {
    const record = insertOf('offer', { attempt: { N: '3' }, pk: { S: 'OFFER#1' } });
    expect(matchesFilter({ dynamodb: { NewImage: { pk: { S: [{ prefix: 'OFFER#' }] } } } }, record)).toBe(true);
    expect(matchesFilter({ dynamodb: { NewImage: { type: { S: [{ 'anything-but': ['need', 'offer'] }] } } } }, record)).toBe(false);
    expect(matchesFilter({ dynamodb: { NewImage: { attempt: { N: [{ numeric: ['>', 2, '<=', 3] }] } } } }, record)).toBe(true);
    expect(matchesFilter({ dynamodb: { NewImage: { attempt: { N: [{ numeric: ['>', 3] }] } } } }, record)).toBe(false);
    expect(matchesFilter({ dynamodb: { OldImage: [{ exists: false }] } }, record)).toBe(true);
    expect(matchesFilter({ dynamodb: { NewImage: [{ exists: true }] } }, record)).toBe(true);
  });

  it('admits everything with no patterns, and a record matching any one pattern', () => {
    expect(matchesAnyFilter([], { eventName: 'REMOVE' })).toBe(true);
    expect(matchesAnyFilter([{ eventName: ['MODIFY'] }, needInserted], insertOf('need'))).toBe(true);
  });
});

describe('topology', () => {
  it('declares each route key once and handlers as module paths', () => {
    const keys = routes.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of routes) expect(route.handler).toMatch(/^[a-z-]+\/[a-z-]+$/);
  });

  it('groups methods by path', () => {
    expect(methodsByPath().get('/needs')).toEqual(['POST', 'GET']);
  });
});

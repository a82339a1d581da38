import { describe, expect, it } from 'vitest';
import { deskItem, reasonOf } from '#lib/needs/desk-views.ts';
import { escalateNeed, type Need, newNeed, waitNeed } from '#lib/needs/need.ts';
import type { NeedSubmission } from '#lib/needs/need-submission.ts';
import { submission as orderSubmission } from '../orders/order-fixtures.ts';
import { answerReferral, closeNeed, type OperatorAct, referNeed } from '#lib/needs/operator-actions.ts';
import type { CoBuildingUnit } from '#lib/units/co-building-unit.ts';

const t0 = new Date('2026-12-01T02:00:00Z');
const submission: NeedSubmission = { ...orderSubmission, urgency: 'urgent' };
const act = (action: OperatorAct['action']): OperatorAct => ({ action, by: 'op-1', requestHash: 'h' });

function submitted(change: Partial<NeedSubmission> = {}): Need {
  return newNeed({ ...submission, ...change }, { id: 'n1', districtId: 'demo', trackingTokenHash: 'h', correlationId: 'c', now: t0 });
}

function unit(id: string, topics: CoBuildingUnit['topics']): CoBuildingUnit {
  return {
    id,
    name: `unit ${id}`,
    kind: 'government',
    contact: { name: '张', phone: '0571-1234567' },
    topics,
    version: 1,
    createdAt: t0.toISOString(),
    updatedAt: t0.toISOString(),
  };
}

describe('why a need is on the desk', () => {
  it('gives the escalation, waiting, referral or closure reason of its status, and none otherwise', () => {
    const escalated = escalateNeed(submitted(), { code: 'noCandidates', message: { zh: '无人', en: 'nobody' } }, t0);
    const waiting = waitNeed(submitted(), 'repairs#hehua', { zh: '满额', en: 'full' }, t0);
    const referred = referNeed(escalated, { id: 'u1', name: '城管中队' }, act('referred'), t0);

    expect(reasonOf(escalated)).toEqual({ zh: '无人', en: 'nobody' });
    expect(reasonOf(waiting)).toEqual({ zh: '满额', en: 'full' });
    expect(reasonOf(referred)).toEqual({ zh: '已转交城管中队', en: 'Referred to 城管中队' });
    expect(reasonOf(closeNeed(escalated, 'duplicate', act('closed'), t0))?.en).toBe('It duplicated another of your requests, which is being handled.');
    expect(reasonOf(answerReferral(referred, 'notResolved', act('referralAnswered'), t0))?.en).toBe(
      'The co-building unit could not resolve it; staff will explain.',
    );
    expect(reasonOf(submitted())).toBeUndefined();
    expect(reasonOf({ ...escalated, status: 'offered' })).toBeUndefined();
  });

  it('has no reason when the status lacks its record', () => {
    for (const status of ['escalated', 'waiting', 'referred', 'closed'] as const) expect(reasonOf({ ...submitted(), status })).toBeUndefined();
  });
});

describe('a need as the desk lists it', () => {
  it('shows what, where, for whom and how long, without the contact or address', () => {
    const need = submitted();
    const item = deskItem(need, new Date(t0.getTime() + 90 * 60_000 + 59_999));

    expect(item).toMatchObject({
      id: 'n1',
      status: 'submitted',
      category: 'repairs',
      communityId: 'hehua',
      gridId: 'hehua-1',
      urgency: 'urgent',
      specialGroups: ['elderly80'],
      description: '修门锁',
      createdAt: t0.toISOString(),
      updatedAt: t0.toISOString(),
      ageMinutes: 90,
    });
    expect(JSON.stringify(item)).not.toMatch(/13800138000|李奶奶|荷花小区|30\.2741/);
    expect(item).not.toHaveProperty('suggestedUnits');
  });

  it('never shows a negative age when the clocks disagree', () => {
    expect(deskItem(submitted(), new Date(t0.getTime() - 120_000)).ageMinutes).toBe(0);
  });

  it('suggests the units whose topics take a public problem until it is closed', () => {
    const units = [unit('u1', ['publicIssue']), unit('u2', ['repairs'])];
    const problem = escalateNeed(submitted({ category: 'publicIssue' }), { code: 'notAService', message: { zh: '公共', en: 'public' } }, t0);

    expect(deskItem(problem, t0, units).suggestedUnits).toEqual([{ id: 'u1', name: 'unit u1', kind: 'government' }]);
    expect(deskItem(problem, t0).suggestedUnits).toEqual([]);
    expect(deskItem(closeNeed(problem, 'outOfScope', act('closed'), t0), t0, units)).not.toHaveProperty('suggestedUnits');
    expect(deskItem(escalateNeed(submitted(), { code: 'noCandidates', message: { zh: '无', en: 'no' } }, t0), t0, units)).not.toHaveProperty(
      'suggestedUnits',
    );
  });
});

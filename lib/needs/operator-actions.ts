/**
 * What operators do with a need that left the cascade (the operators' desk): assign it to a
 * partner, send it back into matching, refer it to a co-building unit and record the unit's answer,
 * or close it with an outcome. Each is allowed from a few statuses only (409 with the current one
 * otherwise), leaves a timeline step with who did it, and carries the request's fingerprint, so a
 * retried request is recognised and answered with the state it produced. Pure.
 */
import { createHash } from 'node:crypto';
import { Conflict } from '../common/domain-errors.ts';
import { allowedFrom as allowedFromStatuses } from './operator-action-statuses.ts';
import { moveNeed, type Need, type NeedStatus } from './need.ts';
import { phoneNotConfirmedOutcome, residentConfirmationWords } from './phone-confirmation.ts';

export const operatorActions = ['assigned', 'redispatched', 'referred', 'referralAnswered', 'closed', 'followUpClosed'] as const;
export type OperatorAction = (typeof operatorActions)[number];

/** The statuses each action may start from (shared with the operators' console). */
export const allowedFrom: Record<Exclude<OperatorAction, 'followUpClosed'>, readonly NeedStatus[]> = allowedFromStatuses;

export const closeOutcomes = ['resolvedOffline', 'duplicate', 'residentUnreachable', 'withdrawnByResident', 'outOfScope'] as const;
export type CloseOutcome = (typeof closeOutcomes)[number];

/** What a co-building unit answers about a referred need. */
export const referralOutcomes = ['resolved', 'notResolved', 'outOfScope'] as const;
export type ReferralOutcome = (typeof referralOutcomes)[number];

export const followUpOutcomes = ['resolved', 'explained', 'residentUnreachable', 'partnerCoached'] as const;

export interface OperatorAct {
  action: OperatorAction;
  /** The operator, as the caller's identity names them. */
  by: string;
  note?: string;
  requestHash: string;
}

const outcomeWords: Record<string, { zh: string; en: string }> = {
  resolvedOffline: { zh: '社区工作人员已线下为您解决。', en: 'Community staff resolved it offline.' },
  duplicate: { zh: '这条需求与您的另一条需求重复，已合并处理。', en: 'It duplicated another of your requests, which is being handled.' },
  residentUnreachable: { zh: '社区工作人员多次未能联系上您，需求已结束；如仍需要，请重新提交。', en: 'Staff could not reach you; submit it again if you still need help.' },
  withdrawnByResident: { zh: '按您的意思，这条需求已撤回。', en: 'Withdrawn as you asked.' },
  outOfScope: { zh: '这件事不在社区服务范围内，社区工作人员会告诉您可以去哪里办理。', en: 'This is outside what the community provides; staff will tell you where to turn.' },
  [phoneNotConfirmedOutcome]: { zh: residentConfirmationWords.closed, en: 'The phone number was never confirmed; submit it again if you still need help.' },
  'referral.resolved': { zh: '共建单位已处理完毕。', en: 'The co-building unit has dealt with it.' },
  'referral.notResolved': { zh: '共建单位暂时无法解决，社区工作人员会与您联系说明情况。', en: 'The co-building unit could not resolve it; staff will explain.' },
  'referral.outOfScope': { zh: '共建单位答复不属其职责，社区工作人员会与您联系。', en: 'The unit answered it is not theirs; staff will contact you.' },
};

export function closeOutcomeWords(outcome: string): { zh: string; en: string } {
  return outcomeWords[outcome] ?? { zh: '需求已结束。', en: 'Closed.' };
}

/** The fingerprint of an operator's request: the action and its body, canonical enough for a retry. */
export function requestFingerprint(action: OperatorAction, needId: string, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([action, needId, body])).digest('hex').slice(0, 32);
}

/** The last operator step, when it was this same request: a retry, to be answered, not refused. */
export function isReplay(need: Need, act: Pick<OperatorAct, 'action' | 'requestHash'>): boolean {
  const last = need.timeline.findLast((step) => step.action !== undefined);
  return last?.action === act.action && last.requestHash === act.requestHash;
}

export function assertAllowed(need: Need, action: keyof typeof allowedFrom): void {
  if (!allowedFrom[action].includes(need.status)) {
    throw new Conflict(`a need that is ${need.status} cannot be ${action}`, { status: need.status, version: need.version });
  }
}

function operatorMove(need: Need, status: NeedStatus, act: OperatorAct, now: Date, reason: string): Need {
  const moved = moveNeed(need, status, now, reason);
  const step = moved.timeline.at(-1);
  if (!step) return moved;
  const signed = { ...step, action: act.action, by: act.by, requestHash: act.requestHash, ...(act.note ? { note: act.note } : {}) };
  return { ...moved, timeline: [...moved.timeline.slice(0, -1), signed] };
}

export const assignedReason = '由社区工作人员指派，正在等服务方确认。';

/** An operator offers the need to a partner of their choosing (the offer is written beside it). */
export function assignNeed(need: Need, act: OperatorAct, now: Date, answerBy: string): Need {
  assertAllowed(need, 'assigned');
  const { waiting, ...rest } = need;
  return { ...operatorMove(rest, 'offered', act, now, assignedReason), answerBy };
}

/**
 * Back into the cascade (after a partner was recruited, say): the offers made so far no longer
 * count towards the attempts limit, and their decliners stay excluded.
 */
export function redispatchNeed(need: Need, offersSoFar: number, act: OperatorAct, now: Date): Need {
  assertAllowed(need, 'redispatched');
  const { waiting, ...rest } = need;
  return { ...operatorMove(rest, 'submitted', act, now, '社区工作人员已为您重新安排服务方。'), attemptsBeforeRedispatch: offersSoFar };
}

export function referNeed(need: Need, unit: { id: string; name: string }, act: OperatorAct, now: Date): Need {
  assertAllowed(need, 'referred');
  const { waiting, ...rest } = need;
  const referred = operatorMove(rest, 'referred', act, now, `已转交${unit.name}处理（社区吹哨、部门报到），有结果会通知您。`);
  return {
    ...referred,
    referral: { unitId: unit.id, unitName: unit.name, by: act.by, at: now.toISOString(), ...(act.note ? { note: act.note } : {}) },
  };
}

export function answerReferral(need: Need, outcome: ReferralOutcome, act: OperatorAct, now: Date): Need {
  assertAllowed(need, 'referralAnswered');
  const closureOutcome = `referral.${outcome}`;
  const closed = operatorMove(need, 'closed', act, now, closeOutcomeWords(closureOutcome).zh);
  const reply = { outcome, by: act.by, at: now.toISOString(), ...(act.note ? { note: act.note } : {}) };
  return {
    ...closed,
    ...(need.referral ? { referral: { ...need.referral, reply } } : {}),
    closure: { outcome: closureOutcome, by: act.by, at: now.toISOString(), ...(act.note ? { note: act.note } : {}) },
  };
}

export function closeNeed(need: Need, outcome: CloseOutcome, act: OperatorAct, now: Date): Need {
  assertAllowed(need, 'closed');
  const { waiting, answerBy, ...rest } = need;
  const closed = operatorMove(rest, 'closed', act, now, closeOutcomeWords(outcome).zh);
  return { ...closed, closure: { outcome, by: act.by, at: now.toISOString(), ...(act.note ? { note: act.note } : {}) } };
}

/** A follow-up (回访) recorded on a completed need: a timeline step for operators; the status stays. */
export function recordFollowUp(need: Need, outcome: string, act: OperatorAct, now: Date): Need {
  const at = now.toISOString();
  const step = { status: need.status, at, action: act.action, by: act.by, requestHash: act.requestHash, note: act.note ? `${outcome}: ${act.note}` : outcome };
  return { ...need, updatedAt: at, version: need.version + 1, timeline: [...need.timeline, step] };
}

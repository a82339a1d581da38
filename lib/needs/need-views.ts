/** What each audience may see of a need. The resident's view never includes the token hash. */
import { answerByLabel } from './answer-by.ts';
import { canCancel, canRate, type Need, type NeedStatus } from './need.ts';
import { closeOutcomeWords } from './operator-actions.ts';

export const statusLabels: Record<NeedStatus, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  offered: { zh: '正在联系服务方', en: 'Finding a partner' },
  accepted: { zh: '服务方已接单', en: 'Accepted by a partner' },
  started: { zh: '服务进行中', en: 'In progress' },
  completed: { zh: '服务已完成', en: 'Completed' },
  escalated: { zh: '已转社区工作人员处理', en: 'Passed to community staff' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  closed: { zh: '已结束', en: 'Closed' },
  waiting: { zh: '排队等待服务方', en: 'Waiting for a free partner' },
  referred: { zh: '已转共建单位处理', en: 'Referred to a co-building unit' },
  awaitingConfirmation: { zh: '等待短信验证', en: 'Awaiting confirmation' },
};

/** Steps that say something to operators only (they change nothing the resident waits on). */
const operatorOnlySteps = new Set(['followUpClosed', 'watchdogFlagged']);

/** Extra facts for the resident's page that need a read beyond the need (its place in the queue). */
export interface ResidentViewExtras {
  timeZone?: string;
  /** 1 = next in line. */
  queuePosition?: number;
}

export function residentView(need: Need, now: Date, extras: ResidentViewExtras = {}) {
  const timeZone = extras.timeZone ?? 'Asia/Shanghai';
  return {
    id: need.id,
    status: need.status,
    statusLabel: statusLabels[need.status],
    category: need.category,
    communityId: need.communityId,
    gridId: need.gridId,
    urgency: need.urgency,
    preferredWindow: need.preferredWindow,
    createdAt: need.createdAt,
    updatedAt: need.updatedAt,
    // Who did an operator's action and their note stay with operators.
    timeline: need.timeline.filter((step) => !operatorOnlySteps.has(step.action ?? '')).map(({ status, at, reason }) => ({ status, at, ...(reason ? { reason } : {}), label: statusLabels[status] })),
    partner: need.assignedPartner ? { name: need.assignedPartner.name } : undefined,
    // Said once a partner has taken the order: before that, the offered partner may still decline.
    availability: need.status === 'accepted' ? need.availability : undefined,
    answerBy: need.status === 'offered' && need.answerBy ? { at: need.answerBy, ...answerByLabel(need.answerBy, now, timeZone) } : undefined,
    waiting:
      need.status === 'waiting' && need.waiting
        ? { since: need.waiting.since, ...(extras.queuePosition ? { position: extras.queuePosition } : {}) }
        : undefined,
    closure: need.status === 'closed' && need.closure ? { outcome: need.closure.outcome, label: closeOutcomeWords(need.closure.outcome) } : undefined,
    canCancel: canCancel(need),
    canRate: canRate(need, now),
    rating: need.rating ? { stars: need.rating.stars, comment: need.rating.comment, tags: need.rating.tags } : undefined,
  };
}

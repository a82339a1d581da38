/** What each audience may see of a need. The resident's view never includes the token hash. */
import { canCancel, canRate, type Need, type NeedStatus } from './need.ts';

export const statusLabels: Record<NeedStatus, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  offered: { zh: '正在联系服务方', en: 'Finding a partner' },
  accepted: { zh: '服务方已接单', en: 'Accepted by a partner' },
  started: { zh: '服务进行中', en: 'In progress' },
  completed: { zh: '服务已完成', en: 'Completed' },
  escalated: { zh: '已转社区工作人员处理', en: 'Passed to community staff' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  closed: { zh: '已结束', en: 'Closed' },
};

export function residentView(need: Need, now: Date) {
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
    timeline: need.timeline.map((step) => ({ ...step, label: statusLabels[step.status] })),
    partner: need.assignedPartner ? { name: need.assignedPartner.name } : undefined,
    // Said once a partner has taken the order: before that, the offered partner may still decline.
    availability: need.status === 'accepted' ? need.availability : undefined,
    canCancel: canCancel(need),
    canRate: canRate(need, now),
    rating: need.rating ? { stars: need.rating.stars, comment: need.rating.comment, tags: need.rating.tags } : undefined,
  };
}

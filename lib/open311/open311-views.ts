/**
 * A need as an Open311 service request. `status` is open until the need is completed, closed or
 * cancelled; `status_notes` says our richer state in plain words; `agency_responsible` is the
 * partner once one has taken it, or the community staff and co-building units for an escalated
 * need. Open311 requests are public: the resident's contact, address, location and (except for
 * public problems) description are never shown.
 */
import { serviceCategories } from '../catalog/service-categories.ts';
import type { Need, NeedStatus } from '../needs/need.ts';
import { statusLabels } from '../needs/need-views.ts';

const closedStatuses: readonly NeedStatus[] = ['completed', 'closed', 'cancelled'];

export function open311Status(status: NeedStatus): 'open' | 'closed' {
  return closedStatuses.includes(status) ? 'closed' : 'open';
}

function statusNotes(need: Need): string {
  const label = statusLabels[need.status];
  const reason = need.timeline.at(-1)?.reason;
  return [`${label.zh} (${label.en})`, reason].filter(Boolean).join(' — ');
}

function agencyResponsible(need: Need): string {
  if (need.assignedPartner) return need.assignedPartner.name.zh;
  if (need.status === 'escalated') return '社区工作人员与共驻共建单位 (community staff and co-building units)';
  return '';
}

export function open311RequestOf(need: Need, expectedAt?: string) {
  const category = serviceCategories.find((entry) => entry.code === need.category);
  const isPublicProblem = Boolean(category && 'escalateOnly' in category);
  return {
    service_request_id: need.id,
    status: open311Status(need.status),
    status_notes: statusNotes(need),
    service_name: category?.label.zh ?? need.category,
    service_code: need.category,
    description: isPublicProblem ? need.description : '',
    agency_responsible: agencyResponsible(need),
    service_notice: '',
    requested_datetime: need.createdAt,
    updated_datetime: need.updatedAt,
    ...(expectedAt ? { expected_datetime: expectedAt } : {}),
    address: '',
  };
}

export const serviceNotice = '社区已收到，将匹配合适的服务方；用 token 在跟踪页查看进度。 (Received: we are finding a partner; follow it with the token on the tracking page.)';

/** A new phone number (no api_key in the district): the SMS code comes first (POST /needs/{id}/confirmation with the token). */
export const awaitingConfirmationNotice =
  '社区已收到；已向该手机号发送 6 位验证码，用 token 在跟踪页输入验证码后开始匹配。 (Received: a 6-digit code was sent to the phone; confirm it with the token, POST /needs/{id}/confirmation or the tracking page, and matching starts.)';
/** The notice, saying which sensitive special groups were left out for want of their own consent (attribute[consent]=sensitive). */
export function serviceNoticeOf(withheldSpecialGroups: readonly string[] | undefined): string {
  if (!withheldSpecialGroups || withheldSpecialGroups.length === 0) return serviceNotice;
  const groups = withheldSpecialGroups.join(', ');
  return `${serviceNotice} 未获居民对敏感信息的单独同意，特殊群体 ${groups} 未随需求保存。 (Without the resident's separate consent, attribute[consent]=sensitive, the special groups ${groups} were left out.)`;
}

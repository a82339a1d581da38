/**
 * The text messages a resident gets as the need moves: a partner accepted (who, when they come), or
 * could no longer come after accepting, the need waits, went to staff, was referred, closed, or completed (with the link to rate it). Each
 * carries the tracking link. One message per status change; nothing of how matching works. Pure.
 */
import { categoryLabel } from '../notifications/offer-message.ts';
import type { Need, NeedStatus } from '../needs/need.ts';
import { closeOutcomeWords } from '../needs/operator-actions.ts';

export const residentUpdateStatuses = ['accepted', 'waiting', 'escalated', 'referred', 'closed', 'completed'] as const satisfies readonly NeedStatus[];

export interface ResidentUpdate {
  /** Stable per need step: the need's id, status and version. */
  key: string;
  text: string;
}

export function trackingLink(publicBaseUrl: string, needId: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/track.html#id=${needId}&token=${encodeURIComponent(token)}`;
}

/** The message for the step from `previous` to `need`, or undefined when this step tells the resident nothing new. */
export function residentUpdate(previous: NeedStatus | undefined, need: Need, link: string): ResidentUpdate | undefined {
  if (previous === need.status) return undefined;
  // A number that never confirmed its code is not texted again: it may not be the resident's.
  if (previous === 'awaitingConfirmation') return undefined;
  const what = `您的「${categoryLabel(need.category)}」需求`;
  let body: string | undefined;
  switch (need.status) {
    case 'accepted': {
      const who = need.assignedPartner?.name.zh ?? '服务方';
      // The matcher's words for the resident ("已为您找到合伙人，最早今天10:30可以提供服务。"), without the part the name already says.
      const availability = need.availability?.zh.replace(/^已为您找到合伙人，/, '').replace(/[。.]$/, '');
      const when = availability ? `，${availability}` : '';
      body = `${who}已接下${what}${when}。`;
      break;
    }
    case 'offered':
      // Only an order given back (the partner cannot come, or was suspended): the resident had been told someone would.
      if (previous !== 'accepted') return undefined;
      body = `原定的服务方无法上门，${what}正在为您另找服务方，有结果会通知您。`;
      break;
    case 'waiting':
      body = `${what}正在排队：能提供服务的合伙人目前都已满额，一有空位会马上为您安排。`;
      break;
    case 'escalated':
      body = `${what}：${need.timeline.at(-1)?.reason ?? '已转社区工作人员处理。'}`;
      break;
    case 'referred':
      body = `${what}已转交${need.referral?.unitName ?? '共建单位'}处理，有结果会通知您。`;
      break;
    case 'closed':
      body = `${what}已结束：${need.closure ? closeOutcomeWords(need.closure.outcome).zh : '已结束。'}`;
      break;
    case 'completed':
      body = `${what}已完成服务，欢迎为这次服务评价。`;
      break;
    default:
      return undefined;
  }
  return { key: `resident.${need.status}.${need.version}`, text: `【社区服务】${body}查看：${link}` };
}

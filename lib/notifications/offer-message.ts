/**
 * The words a partner reads on a phone about an offer or a cancelled order, in Chinese: what, where,
 * when, how urgent, why them, and until when they may accept. Times are read in the district's time
 * zone. Pure: every channel (inbox, robots, webhook, SMS, email) renders from this.
 */
import { serviceCategories } from '../catalog/service-categories.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { findCommunity } from '../district/district-lookups.ts';
import { localDateTime } from '../matching/local-time.ts';
import type { SpecialGroup } from '../needs/need-submission.ts';
import type { Offer } from '../offers/offer.ts';
import type { NotificationEvent } from './notification-event.ts';

export interface OfferMessage {
  /** One line, e.g. `【新订单】维修 · 荷花社区`. */
  title: string;
  /** Label–value lines and sentences, in reading order: for the partner's own inbox, app, webhook and email. */
  lines: string[];
  /**
   * The same lines for places others may read (group-chat robots, SMS): no special groups (health,
   * disability, children) and no description, which the resident wrote for the partner alone;
   * only what the partner needs to decide to open the app ("需上门服务").
   */
  shareableLines: string[];
  /** Where the partner answers the offer, when the deployment knows its public address. */
  acceptUrl?: string;
}

export interface MessageInput {
  event: NotificationEvent;
  offer: Offer;
  partnerName: string;
  district: DistrictConfig;
  /** e.g. `https://partners.example.cn`; without it the message names the order instead of linking. */
  publicBaseUrl?: string | undefined;
}

const specialGroupLabels: Record<SpecialGroup, string> = {
  elderly80: '80岁以上老人',
  livingAlone: '独居老人',
  disabled: '残疾人',
  seriouslyIll: '重病患者',
  infant: '0-3岁婴幼儿家庭',
};

const zhWeekdays = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const descriptionLimit = 120;

export function categoryLabel(code: string): string {
  return serviceCategories.find((category) => category.code === code)?.label.zh ?? code;
}

/** `荷花社区 荷花第二网格`, falling back to the ids for a community the config no longer has. */
export function placeLabel(district: DistrictConfig, communityId: string, gridId?: string): string {
  const community = findCommunity(district, communityId);
  const grid = gridId ? (community?.grids.find((candidate) => candidate.id === gridId)?.name.zh ?? gridId) : undefined;
  return [community?.name.zh ?? communityId, grid].filter(Boolean).join(' ');
}

export function clockAt(instant: string, timeZone: string): string {
  const { minutes } = localDateTime(Date.parse(instant), timeZone);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function dateAt(instant: string, timeZone: string): string {
  const { date, weekday } = localDateTime(Date.parse(instant), timeZone);
  const [, month, day] = date.split('-').map(Number);
  return `${month}月${day}日（${zhWeekdays[weekday]}）`;
}

/** `11月24日（周二）09:00–11:00`, or both dates when the window crosses midnight. */
export function windowLabel(window: { from: string; to: string } | undefined, timeZone: string): string {
  if (!window) return '未指定，可与居民商定';
  const fromDate = dateAt(window.from, timeZone);
  const toDate = dateAt(window.to, timeZone);
  // No space after the full-width bracket that closes each date.
  const to = toDate === fromDate ? clockAt(window.to, timeZone) : `${toDate}${clockAt(window.to, timeZone)}`;
  return `${fromDate}${clockAt(window.from, timeZone)}–${to}`;
}

function shortened(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const characters = [...oneLine];
  return characters.length <= descriptionLimit ? oneLine : `${characters.slice(0, descriptionLimit).join('')}…`;
}

/** The offer in the partner app (web/src/partner): a fragment route, so static hosting serves it as is. */
export function acceptUrlOf(offerId: string, publicBaseUrl: string | undefined): string | undefined {
  return publicBaseUrl ? `${publicBaseUrl.replace(/\/+$/, '')}/partner/#/offers/${encodeURIComponent(offerId)}` : undefined;
}

/** `10:30` on the day the offer was made, else `11月30日（周一）09:10`: a deadline never reads as today's when it is not. */
export function deadlineLabel(offer: Pick<Offer, 'createdAt' | 'expiresAt'>, timeZone: string): string {
  const sameDay = localDateTime(Date.parse(offer.createdAt), timeZone).date === localDateTime(Date.parse(offer.expiresAt), timeZone).date;
  return sameDay ? clockAt(offer.expiresAt, timeZone) : `${dateAt(offer.expiresAt, timeZone)}${clockAt(offer.expiresAt, timeZone)}`;
}

export function offerMessage(input: MessageInput): OfferMessage {
  const { offer, district } = input;
  const timeZone = district.timeZone;
  const summary = offer.summary;
  const category = categoryLabel(summary.category);
  const community = placeLabel(district, summary.communityId);
  const common = [
    `服务：${category}`,
    `地点：${placeLabel(district, summary.communityId, summary.gridId)}`,
    `时间：${windowLabel(summary.preferredWindow, timeZone)}`,
    `紧急程度：${summary.urgency === 'urgent' ? '紧急' : '普通'}`,
  ];
  const details = [
    ...common,
    ...(summary.specialGroups.length > 0
      ? [`特殊情况：${summary.specialGroups.map((group) => specialGroupLabels[group]).join('、')}`]
      : []),
    `需求：${shortened(summary.description)}`,
  ];
  const homeVisit = summary.specialGroups.some((group) => district.matching.homeVisitGroups.includes(group));
  const shareableDetails = [...common, ...(homeVisit ? ['上门：需上门服务'] : []), '需求：详情请在合伙人端查看'];

  if (input.event === 'order.cancelled') {
    const cancelled = (lines: string[]) => [`${input.partnerName}，您好：居民已取消这单服务，无需再上门或联系居民。`, ...lines, `订单号：${offer.needId}`];
    return { title: `【订单已取消】${category} · ${community}`, lines: cancelled(details), shareableLines: cancelled(shareableDetails) };
  }

  const acceptUrl = acceptUrlOf(offer.id, input.publicBaseUrl);
  const offered = (lines: string[]) => [
    `${input.partnerName}，您好：有一单社区服务想请您接。`,
    ...lines,
    `推荐理由：${offer.shortReason.zh}`,
    deadlineLine(offer, timeZone),
    acceptUrl ? `接单：${acceptUrl}` : `接单：请在合伙人端打开订单 ${offer.id}`,
  ];
  return {
    title: `【新订单】${category} · ${community}`,
    lines: offered(details),
    shareableLines: offered(shareableDetails),
    ...(acceptUrl ? { acceptUrl } : {}),
  };
}

/**
 * Until when the partner may accept. An offer made off duty says from when its window counts (the
 * partner's next duty start), with the date when the deadline falls on another day.
 */
function deadlineLine(offer: Offer, timeZone: string): string {
  const deadline = deadlineLabel(offer, timeZone);
  const counts = offer.countsFrom ? `（您不在值班时间，从 ${clockAt(offer.countsFrom, timeZone)} 值班开始计时）` : '';
  return `请在 ${deadline} 前接单${counts}，逾时将转给其他合伙人。`;
}

/** Plain text: the title, then one line each. For the inbox, SMS and email. */
export function plainText(message: OfferMessage): string {
  return [message.title, ...message.lines].join('\n');
}

/** A short SMS: title, deadline or cancellation, and the link (a Chinese SMS segment holds 70 characters). */
export function smsText(message: OfferMessage): string {
  const essential = message.shareableLines.filter((line) => line.startsWith('请在') || line.startsWith('接单：') || line.startsWith('订单号：'));
  return [message.title, ...essential].join(' ');
}

/**
 * An alert to the district's operators: a need went to staff (吹哨), waited too long, or sat without
 * a step past the watchdog's limit. It goes to a group chat, so it says what, where, how urgent and
 * why, with the need's id, and nothing personal: no name, phone, address, description or special
 * group (operators read those on the need's page). Pure.
 */
import type { DistrictConfig } from '../district/district-config.ts';
import { categoryLabel, placeLabel } from '../notifications/offer-message.ts';
import type { Need } from '../needs/need.ts';
import { statusLabels } from '../needs/need-views.ts';

export type AlertKind = 'escalated' | 'watchdog';

export interface OperatorAlert {
  /** Deterministic per need step: a second delivery of the same event is the same alert. */
  id: string;
  kind: AlertKind;
  needId: string;
  at: string;
  title: string;
  lines: string[];
}

export function operatorAlert(kind: AlertKind, need: Need, district: DistrictConfig, at: Date, minutesWithoutStep?: number): OperatorAlert {
  const category = categoryLabel(need.category);
  const place = placeLabel(district, need.communityId, need.gridId);
  const title = kind === 'escalated' ? `【需求待处理】${category} · ${place}` : `【需求超时未处理】${category} · ${place}`;
  const why =
    kind === 'escalated'
      ? `原因：${need.escalation?.message.zh ?? '无人可接单'}`
      : `状态：${statusLabels[need.status].zh}，已${minutesWithoutStep ?? '?'}分钟没有进展`;
  return {
    id: `${kind}.${need.id}.${kind === 'escalated' ? need.version : need.status}`,
    kind,
    needId: need.id,
    at: at.toISOString(),
    title,
    lines: [
      why,
      `紧急程度：${need.urgency === 'urgent' ? '紧急' : '普通'}`,
      `需求编号：${need.id}`,
    ],
  };
}

export function alertText(alert: Pick<OperatorAlert, 'title' | 'lines'>): string {
  return [alert.title, ...alert.lines].join('\n');
}

/**
 * A CloudWatch alarm's change of state, as the alarm topic delivers it (the JSON message CloudWatch
 * publishes to SNS), turned into a plain Chinese alert for the operators' channel. The alarm's
 * description holds its Chinese line first (`<zh> | <en>`, infra/district-operations.ts). Holds
 * nothing personal: alarms are about the system, never about a resident. Pure.
 */
import * as z from 'zod/mini';
import type { DistrictConfig } from '../district/district-config.ts';
import { localDateTime } from '../matching/local-time.ts';

export const alarmNoticeSchema = z.object({
  AlarmName: z.string().check(z.minLength(1), z.maxLength(255)),
  AlarmDescription: z.nullish(z.string().check(z.maxLength(1024))),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  OldStateValue: z.optional(z.string()),
  StateChangeTime: z.string().check(z.minLength(1)),
});

export type AlarmNotice = z.output<typeof alarmNoticeSchema>;

/** What the channel gets: shaped like an operators' alert about a need (lib/delivery/deliver-alert.ts). */
export interface AlarmAlert {
  id: string;
  kind: 'alarm';
  at: string;
  title: string;
  lines: string[];
}

const stateTitles: Record<AlarmNotice['NewStateValue'], string> = {
  ALARM: '【系统告警】',
  OK: '【告警解除】',
  INSUFFICIENT_DATA: '【告警数据不足】',
};

/** The notice in the SNS message, or undefined when the message is not a CloudWatch alarm's. */
export function parseAlarmNotice(message: string): AlarmNotice | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = alarmNoticeSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

function localTime(at: Date, timeZone: string): string {
  const { date, minutes } = localDateTime(at.getTime(), timeZone);
  return `${date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function alarmAlert(notice: AlarmNotice, district: Pick<DistrictConfig, 'name' | 'timeZone'>): AlarmAlert {
  // CloudWatch writes `2026-12-01T02:00:00.000+0000`.
  const changedAt = new Date(notice.StateChangeTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  const at = Number.isNaN(changedAt.getTime()) ? new Date() : changedAt;
  const what = notice.AlarmDescription?.split(' | ')[0]?.trim() || notice.AlarmName;
  return {
    id: `alarm.${notice.AlarmName}.${notice.NewStateValue}.${at.toISOString()}`,
    kind: 'alarm',
    at: at.toISOString(),
    title: `${stateTitles[notice.NewStateValue]}${district.name.zh}`,
    lines: [what, `时间：${localTime(at, district.timeZone)}`, `告警名称：${notice.AlarmName}`],
  };
}

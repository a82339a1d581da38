import { describe, expect, it } from 'vitest';
import { alarmAlert, parseAlarmNotice } from '../../../lib/messaging/alarm-alert.ts';

const district = { name: { zh: '示范区', en: 'Demo district' }, timeZone: 'Asia/Shanghai' };

/** The message CloudWatch publishes to an SNS topic when an alarm changes state (shape from AWS's documentation). */
function cloudWatchMessage(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    AlarmName: 'CommunityPartners-demo-Operations-NeedsSubmitNeedFailuresAlarm-1A2B3C',
    AlarmDescription: '函数 needs/submit-need 出错或被限流 | functions/needs/submit-need.ts failed or was throttled (district demo)',
    AWSAccountId: '123456789012',
    AlarmConfigurationUpdatedTimestamp: '2026-11-20T08:00:00.000+0000',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [2.0 (01/12/26 01:55:00)] was greater than or equal to the threshold (1.0).',
    StateChangeTime: '2026-12-01T02:00:07.123+0000',
    Region: 'Asia Pacific (Hong Kong)',
    AlarmArn: 'arn:aws:cloudwatch:ap-east-1:123456789012:alarm:CommunityPartners-demo-Operations-NeedsSubmitNeedFailuresAlarm-1A2B3C',
    OldStateValue: 'OK',
    OKActions: [],
    AlarmActions: ['arn:aws:sns:ap-east-1:123456789012:alarms'],
    InsufficientDataActions: [],
    Trigger: { Period: 300, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1 },
    ...overrides,
  });
}

describe('a CloudWatch alarm for the operators’ channel', () => {
  it('says in plain Chinese what broke, in which district and when (district time), with the alarm’s name', () => {
    const notice = parseAlarmNotice(cloudWatchMessage());
    if (!notice) throw new Error('not parsed');
    const alert = alarmAlert(notice, district);
    expect(alert.title).toBe('【系统告警】示范区');
    expect(alert.lines).toEqual([
      '函数 needs/submit-need 出错或被限流',
      '时间：2026-12-01 10:00',
      '告警名称：CommunityPartners-demo-Operations-NeedsSubmitNeedFailuresAlarm-1A2B3C',
    ]);
    expect(alert.at).toBe('2026-12-01T02:00:07.123Z');
    expect(alert.kind).toBe('alarm');
  });

  it('tells a recovery and missing data apart from an alarm', () => {
    const ok = parseAlarmNotice(cloudWatchMessage({ NewStateValue: 'OK', OldStateValue: 'ALARM' }));
    const missing = parseAlarmNotice(cloudWatchMessage({ NewStateValue: 'INSUFFICIENT_DATA' }));
    if (!ok || !missing) throw new Error('not parsed');
    expect(alarmAlert(ok, district).title).toBe('【告警解除】示范区');
    expect(alarmAlert(missing, district).title).toBe('【告警数据不足】示范区');
  });

  it('gives each change of state its own id, the same for a second delivery of it', () => {
    const first = parseAlarmNotice(cloudWatchMessage());
    const again = parseAlarmNotice(cloudWatchMessage());
    const recovered = parseAlarmNotice(cloudWatchMessage({ NewStateValue: 'OK' }));
    if (!first || !again || !recovered) throw new Error('not parsed');
    expect(alarmAlert(first, district).id).toBe(alarmAlert(again, district).id);
    expect(alarmAlert(first, district).id).not.toBe(alarmAlert(recovered, district).id);
  });

  it('falls back on the alarm’s name when it has no description', () => {
    const notice = parseAlarmNotice(cloudWatchMessage({ AlarmDescription: null }));
    if (!notice) throw new Error('not parsed');
    expect(alarmAlert(notice, district).lines[0]).toBe('CommunityPartners-demo-Operations-NeedsSubmitNeedFailuresAlarm-1A2B3C');
  });

  it.each([
    ['not JSON', 'Hello from SNS'],
    ['a subscription confirmation', JSON.stringify({ Type: 'SubscriptionConfirmation', Message: 'confirm' })],
    ['an unknown state', cloudWatchMessage({ NewStateValue: 'BROKEN' })],
    ['no alarm name', cloudWatchMessage({ AlarmName: '' })],
  ])('is not made from %s', (_what, message) => {
    expect(parseAlarmNotice(message)).toBeUndefined();
  });
});

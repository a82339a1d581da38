import { describe, expect, it } from 'vitest';
import { parseDistrictConfig } from '#lib/district/district-config.ts';
import { defaultMatchingSettings } from '#lib/matching/matching-settings.ts';
import { operatorAlert } from '#lib/messaging/operator-alert.ts';
import { residentUpdate } from '#lib/messaging/resident-updates.ts';
import { answerByLabel } from '#lib/needs/answer-by.ts';
import { escalateNeed, moveNeed, type Need, newNeed, offerNeed, waitNeed } from '#lib/needs/need.ts';
import { residentView } from '#lib/needs/need-views.ts';
import { escalateAfterWaiting, flagOverdue, isOverdue, waitedTooLong } from '#lib/needs/watchdog.ts';

const t0 = new Date('2026-12-01T02:00:00Z');
const minutes = (count: number) => new Date(t0.getTime() + count * 60_000);
const link = 'https://example.cn/track.html#id=n1&token=t';
const district = parseDistrictConfig({
  id: 'demo',
  name: { zh: '示范区', en: 'Demo' },
  communities: [{ id: 'hehua', name: { zh: '荷花社区', en: 'Hehua' }, grids: [{ id: 'hehua-1', name: { zh: '荷花第一网格', en: 'H1' } }] }],
});
const need = newNeed(
  {
    category: 'repairs',
    description: '门锁坏了，住3栋2单元501',
    communityId: 'hehua',
    gridId: 'hehua-1',
    address: '3栋2单元501',
    urgency: 'urgent',
    specialGroups: ['elderly80'],
    contact: { name: '赵奶奶', phone: '13700137000' },
  },
  { id: 'n1', districtId: 'demo', trackingTokenHash: 'h', correlationId: 'c', now: t0 },
);

describe("residents' text messages", () => {
  it('tells who accepted and when they come, with the tracking link', () => {
    const accepted: Need = { ...moveNeed(offerNeed(need, t0), 'accepted', t0), assignedPartner: { id: 'p', name: { zh: '李建国' } }, availability: { zh: '今天 10:30 起可上门', en: '' } };
    const update = residentUpdate('offered', accepted, link);
    expect(update?.text).toContain('李建国已接下');
    expect(update?.text).toContain('今天 10:30 起可上门');
    expect(update?.text).toContain(link);
    expect(update?.key).toBe(`resident.accepted.${accepted.version}`);
  });

  it('says nothing when the status did not change (a re-offer, a watchdog flag)', () => {
    const waiting = waitNeed(need, 'q', { zh: '', en: '' }, t0);
    expect(residentUpdate('waiting', waiting, link)).toBeUndefined();
    expect(residentUpdate('submitted', offerNeed(need, t0), link)).toBeUndefined();
    expect(residentUpdate('submitted', waiting, link)?.text).toContain('排队');
  });
});

describe("operators' alerts", () => {
  it('say what, where, how urgent and why, and nothing personal', () => {
    const escalated = escalateNeed(need, { code: 'noCandidates', message: { zh: '候选合伙人均不值班', en: '' } }, t0);
    const alert = operatorAlert('escalated', escalated, district, t0);
    const text = [alert.title, ...alert.lines].join('\n');
    expect(text).toContain('维修');
    expect(text).toContain('荷花社区 荷花第一网格');
    expect(text).toContain('候选合伙人均不值班');
    expect(text).toContain('紧急');
    for (const personal of ['赵奶奶', '13700137000', '3栋2单元501', '门锁坏了', '80岁']) expect(text).not.toContain(personal);
    // One alert per escalation step: the same event gives the same id.
    expect(operatorAlert('escalated', escalated, district, minutes(5)).id).toBe(alert.id);
  });
});

describe('the watchdog and the waiting limit', () => {
  const waiting = waitNeed(need, 'repairs#hehua', { zh: '', en: '' }, t0);

  it('escalates a waiting need past its urgency’s limit (urgent: 30 min by default) with that reason', () => {
    expect(defaultMatchingSettings.waitingLimitMinutes).toEqual({ normal: 1440, urgent: 30 });
    expect(waitedTooLong(waiting, defaultMatchingSettings, minutes(30))).toBe(false);
    expect(waitedTooLong(waiting, defaultMatchingSettings, minutes(31))).toBe(true);
    const escalated = escalateAfterWaiting(waiting, defaultMatchingSettings, minutes(31));
    expect(escalated.status).toBe('escalated');
    expect(escalated.escalation?.code).toBe('waitedTooLong');
    expect(escalated.waiting).toBeUndefined();
  });

  it('flags a need without a step once per status, for operators only', () => {
    const escalated = escalateNeed(need, { code: 'noCandidates', message: { zh: '', en: '' } }, t0);
    expect(isOverdue(escalated, defaultMatchingSettings, minutes(60))).toBe(false);
    expect(isOverdue(escalated, defaultMatchingSettings, minutes(61))).toBe(true);
    const flagged = flagOverdue(escalated, minutes(61));
    expect(flagged.watchdog).toEqual({ status: 'escalated', flaggedAt: minutes(61).toISOString() });
    expect(isOverdue(flagged, defaultMatchingSettings, minutes(600))).toBe(false);
    expect(residentView(flagged, minutes(61)).timeline).toHaveLength(escalated.timeline.length);
    // Offered and started needs have a live offer or a partner at work: not watched.
    expect(isOverdue(offerNeed(need, t0), defaultMatchingSettings, minutes(6000))).toBe(false);
  });
});

describe('when the partner answers at the latest', () => {
  it('reads 最晚今天10:40前答复 in the district’s time zone, or tomorrow, or the date', () => {
    const now = new Date('2026-12-01T01:58:00+08:00');
    expect(answerByLabel('2026-12-01T10:40:00+08:00', now, 'Asia/Shanghai').zh).toBe('最晚今天10:40前答复');
    expect(answerByLabel('2026-12-02T10:40:00+08:00', now, 'Asia/Shanghai').zh).toBe('最晚明天10:40前答复');
    expect(answerByLabel('2026-12-07T14:10:00+08:00', now, 'Asia/Shanghai').zh).toBe('最晚12月7日14:10前答复');
  });
});

describe('the answer-by wording, every day word and both languages', () => {
  const now = new Date('2026-12-01T23:30:00+08:00');

  it('says 后天 for the day after tomorrow and pads the clock in zh and en', () => {
    expect(answerByLabel('2026-12-03T08:05:00+08:00', now, 'Asia/Shanghai')).toEqual({
      zh: '最晚后天08:05前答复',
      en: 'The partner answers by 08:05 on 2026-12-03 at the latest',
    });
    expect(answerByLabel('2026-12-01T23:59:00+08:00', now, 'Asia/Shanghai').en).toBe('The partner answers by 23:59 today at the latest');
    expect(answerByLabel('2026-12-02T00:00:00+08:00', now, 'Asia/Shanghai').en).toBe('The partner answers by 00:00 tomorrow at the latest');
  });

  it("counts days in the district's time zone, not the server's", () => {
    // 2026-12-01 23:30 in Shanghai is still 2026-12-01 15:30 UTC: tomorrow in Shanghai is 12-02.
    expect(answerByLabel('2026-12-01T16:10:00Z', now, 'Asia/Shanghai').zh).toBe('最晚明天00:10前答复');
    expect(answerByLabel('2026-12-01T16:10:00Z', now, 'UTC').zh).toBe('最晚今天16:10前答复');
  });
});

describe('the watchdog, edge by edge', () => {
  const normal = { ...need, urgency: 'normal' as const };

  it('gives a normal need a day, and says in the escalation how long it waited against which limit', () => {
    const waiting = waitNeed(normal, 'repairs#hehua', { zh: '', en: '' }, t0);
    expect(waitedTooLong(waiting, defaultMatchingSettings, minutes(1440))).toBe(false);
    expect(waitedTooLong(waiting, defaultMatchingSettings, minutes(1441))).toBe(true);
    expect(waitedTooLong({ ...waiting, status: 'escalated' }, defaultMatchingSettings, minutes(5000))).toBe(false);
    expect(escalateAfterWaiting(waiting, defaultMatchingSettings, minutes(1441)).escalation?.message).toEqual({
      zh: '已排队等待1441分钟，超过本区普通需求1440分钟的等待上限，仍无合伙人空出。',
      en: "Waited 1441 min for a free partner, past the district's 1440 min limit for normal needs.",
    });
    const urgent = waitNeed(need, 'repairs#hehua', { zh: '', en: '' }, t0);
    expect(escalateAfterWaiting(urgent, defaultMatchingSettings, minutes(31)).escalation?.message.zh).toContain('紧急需求30分钟');
  });

  it('counts the wait from when the need started waiting, not from its last step', () => {
    const waiting = { ...waitNeed(need, 'repairs#hehua', { zh: '', en: '' }, t0), updatedAt: minutes(20).toISOString() };
    expect(waitedTooLong(waiting, defaultMatchingSettings, minutes(31))).toBe(true);
  });

  it('does not flag an accepted order whose window is still to come, and flags it once the window has passed', () => {
    const accepted: Need = {
      ...moveNeed(offerNeed(need, t0), 'accepted', t0),
      preferredWindow: { from: minutes(200).toISOString(), to: minutes(300).toISOString() },
    };
    expect(isOverdue(accepted, defaultMatchingSettings, minutes(100))).toBe(false);
    expect(isOverdue(accepted, defaultMatchingSettings, minutes(300))).toBe(true);
    const { preferredWindow, ...windowless } = accepted;
    expect(isOverdue(windowless, defaultMatchingSettings, minutes(61))).toBe(true);
    // Only an accepted order waits for its window: a need no one has taken is late whatever its window.
    expect(isOverdue({ ...accepted, status: 'escalated' }, defaultMatchingSettings, minutes(100))).toBe(true);
  });

  it('watches the statuses that wait on people, and no other', () => {
    const watched = (['submitted', 'offered', 'accepted', 'started', 'completed', 'escalated', 'cancelled', 'closed', 'waiting', 'referred'] as const).filter(
      (status) => isOverdue({ ...need, status }, defaultMatchingSettings, minutes(6000)),
    );
    expect(watched).toEqual(['submitted', 'accepted', 'escalated', 'waiting', 'referred']);
  });

  it('counts a waiting need without its record from its last step', () => {
    const { waiting: _record, ...recordless } = waitNeed(need, 'repairs#hehua', { zh: '', en: '' }, t0);
    expect(waitedTooLong(recordless, defaultMatchingSettings, minutes(31))).toBe(true);
    expect(escalateAfterWaiting(recordless, defaultMatchingSettings, minutes(31)).escalation?.message.en).toContain('Waited 31 min');
  });

  it('notes how long the need sat without a step, and moves its version', () => {
    const escalated = escalateNeed(need, { code: 'noCandidates', message: { zh: '', en: '' } }, t0);
    const flagged = flagOverdue(escalated, minutes(61));
    expect(flagged.timeline.at(-1)).toEqual({
      status: 'escalated',
      at: minutes(61).toISOString(),
      action: 'watchdogFlagged',
      by: 'watchdog',
      note: '61 min without a step',
    });
    expect(flagged.version).toBe(escalated.version + 1);
    expect(flagged.updatedAt).toBe(minutes(61).toISOString());
    expect(flagged.status).toBe('escalated');
  });
});

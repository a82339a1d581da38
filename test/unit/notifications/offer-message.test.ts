import { describe, expect, it } from 'vitest';
import { offerMessage, plainText, smsText, windowLabel } from '#lib/notifications/offer-message.ts';
import { demoDistrict, offer, partner } from './notification-fixtures.ts';

describe('offer message', () => {
  it('tells the partner what, where, when, how urgent, why them, and until when to accept, in Chinese', () => {
    const message = offerMessage({ event: 'offer.created', offer: offer(), partnerName: partner.name.zh, district: demoDistrict });
    expect(message.title).toBe('【新订单】缝补 · 荷花社区');
    expect(message.lines).toEqual([
      '吴师傅，您好：有一单社区服务想请您接。',
      '服务：缝补',
      '地点：荷花社区 荷花第二网格',
      '时间：11月24日（周二）09:00–11:00',
      '紧急程度：紧急',
      '特殊情况：80岁以上老人、独居老人',
      '需求：棉被的被罩 破了一个口子，想请人帮忙缝补',
      '推荐理由：现在值班，离您最近',
      '请在 10:30 前接单，逾时将转给其他合伙人。',
      `接单：请在合伙人端打开订单 ${offer().id}`,
    ]);
    expect(message.acceptUrl).toBeUndefined();
  });

  it('dates a deadline that falls on another day than the offer (a duty-time window over the night)', () => {
    // Made at 23:50 in Shanghai, answerable until 09:10 the next morning.
    const late = offer({ createdAt: '2026-11-24T15:50:00.000Z', expiresAt: '2026-11-25T01:10:00.000Z' });
    const message = offerMessage({ event: 'offer.created', offer: late, partnerName: partner.name.zh, district: demoDistrict });
    expect(message.lines).toContain('请在 11月25日（周三）09:10 前接单，逾时将转给其他合伙人。');
    expect(smsText(message)).toContain('11月25日（周三）09:10');
  });

  it('links to the offer when the public base URL is known', () => {
    const message = offerMessage({
      event: 'offer.created',
      offer: offer(),
      partnerName: partner.name.zh,
      district: demoDistrict,
      publicBaseUrl: 'https://partners.example.cn/',
    });
    expect(message.acceptUrl).toBe(`https://partners.example.cn/partner/#/offers/${offer().id}`);
    expect(message.lines.at(-1)).toBe(`接单：${message.acceptUrl}`);
  });

  it('says when no window was given, and a normal need is 普通 with no special groups line', () => {
    const { preferredWindow, ...summary } = offer().summary;
    const message = offerMessage({
      event: 'offer.created',
      offer: offer({ summary: { ...summary, urgency: 'normal', specialGroups: [] } }),
      partnerName: partner.name.zh,
      district: demoDistrict,
    });
    expect(message.lines).toContain('时间：未指定，可与居民商定');
    expect(message.lines).toContain('紧急程度：普通');
    expect(message.lines.some((line) => line.startsWith('特殊情况'))).toBe(false);
  });

  it('shortens a long description for a phone screen', () => {
    const long = '缝'.repeat(300);
    const message = offerMessage({
      event: 'offer.created',
      offer: offer({ summary: { ...offer().summary, description: long } }),
      partnerName: partner.name.zh,
      district: demoDistrict,
    });
    const line = message.lines.find((entry) => entry.startsWith('需求：')) ?? '';
    expect([...line].length).toBe('需求：'.length + 120 + 1);
    expect(line.endsWith('…')).toBe(true);
  });

  it('tells of a cancelled order without a deadline or a link', () => {
    const message = offerMessage({
      event: 'order.cancelled',
      offer: offer({ status: 'withdrawn', closeReason: 'cancelled by the resident' }),
      partnerName: partner.name.zh,
      district: demoDistrict,
      publicBaseUrl: 'https://partners.example.cn',
    });
    expect(message.title).toBe('【订单已取消】缝补 · 荷花社区');
    expect(message.lines[0]).toBe('吴师傅，您好：居民已取消这单服务，无需再上门或联系居民。');
    expect(message.lines.at(-1)).toBe(`订单号：${offer().needId}`);
    expect(plainText(message)).not.toMatch(/接单|请在/);
    expect(message.acceptUrl).toBeUndefined();
  });

  it('renders plain text and a short SMS', () => {
    const message = offerMessage({ event: 'offer.created', offer: offer(), partnerName: partner.name.zh, district: demoDistrict });
    expect(plainText(message).split('\n')).toEqual([message.title, ...message.lines]);
    expect(smsText(message)).toBe(
      `【新订单】缝补 · 荷花社区 请在 10:30 前接单，逾时将转给其他合伙人。 接单：请在合伙人端打开订单 ${offer().id}`,
    );
  });

  it('names both dates of a window that crosses midnight', () => {
    expect(windowLabel({ from: '2026-11-28T22:00:00+08:00', to: '2026-11-29T06:00:00+08:00' }, 'Asia/Shanghai')).toBe(
      '11月28日（周六）22:00–11月29日（周日）06:00',
    );
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { offerMessage } from '#lib/notifications/offer-message.ts';
import { dingtalkMarkdown, dingtalkSign, robotRefusal, signedDingtalkUrl, wecomMarkdown } from '#lib/notifications/robot-messages.ts';
import { demoDistrict, offer, partner } from './notification-fixtures.ts';

const message = offerMessage({
  event: 'offer.created',
  offer: offer(),
  partnerName: partner.name.zh,
  district: demoDistrict,
  publicBaseUrl: 'https://partners.example.cn',
});
const secret = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';

describe('WeCom group robot message', () => {
  it('is markdown with the title as a heading, bold labels and a link to accept', () => {
    const body = wecomMarkdown(message);
    expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype']);
    expect(body.msgtype).toBe('markdown');
    expect(Object.keys(body.markdown)).toEqual(['content']);
    const lines = body.markdown.content.split('\n');
    expect(lines[0]).toBe('### 【新订单】缝补 · 荷花社区');
    expect(lines).toContain('**时间**：11月24日（周二）09:00–11:00');
    expect(lines).toContain(`[点此接单](${message.acceptUrl})`);
  });

  it('stays within the 4096 bytes of UTF-8 a WeCom markdown message may have', () => {
    const long = { ...message, shareableLines: Array.from({ length: 200 }, () => '需求：缝补缝补缝补缝补缝补缝补缝补') };
    const content = wecomMarkdown(long).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(content.endsWith('…')).toBe(true);
  });
});

describe('what group chats may read', () => {
  const sensitive = offerMessage({
    event: 'offer.created',
    offer: offer({
      summary: {
        ...offer().summary,
        specialGroups: ['seriouslyIll', 'disabled'],
        description: '我是癌症晚期患者 **急** [点我](https://evil.example/x) <b>粗</b> # 标题',
      },
    }),
    partnerName: '王师傅_[官方](http://a.b)',
    district: demoDistrict,
    publicBaseUrl: 'https://partners.example.cn',
  });

  it('names no special group and carries no description, only that a home visit is needed', () => {
    for (const text of [wecomMarkdown(sensitive).markdown.content, dingtalkMarkdown(sensitive).markdown.text]) {
      expect(text).not.toMatch(/重病|残疾|癌症|特殊情况/);
      expect(text).toContain('需上门服务');
      expect(text).toContain('详情请在合伙人端查看');
    }
    // The partner's own inbox still has them.
    expect(sensitive.lines.join('\n')).toContain('重病患者、残疾人');
  });

  it('escapes markup in text others wrote, keeping only our own accept link', () => {
    const content = wecomMarkdown(sensitive).markdown.content;
    expect(content).toContain('王师傅＿［官方］（http：//a.b）');
    expect(content).not.toContain('](http://a.b)');
    expect(content.match(/\]\(/g)).toHaveLength(1);
    expect(content).toContain(`[点此接单](${sensitive.acceptUrl})`);
  });
});

describe('DingTalk robot message', () => {
  it('is markdown with a title and paragraphs', () => {
    const body = dingtalkMarkdown(message);
    expect(body.msgtype).toBe('markdown');
    expect(Object.keys(body.markdown).sort()).toEqual(['text', 'title']);
    expect(body.markdown.title).toBe('【新订单】缝补 · 荷花社区');
    expect(body.markdown.text.split('\n\n')).toContain('**紧急程度**：紧急');
  });

  it('signs as DingTalk documents: base64(HmacSHA256(secret, timestamp + "\\n" + secret))', () => {
    const timestamp = 1764036000000;
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(Buffer.from(`${timestamp}\n${secret}`, 'utf8'))
      .digest()
      .toString('base64');
    expect(dingtalkSign(secret, timestamp)).toBe(expected);
  });

  it('adds the millisecond timestamp and the URL-encoded sign to the robot URL', () => {
    const now = new Date(1764036000000);
    const signed = new URL(signedDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc123', secret, now));
    expect(signed.searchParams.get('access_token')).toBe('abc123');
    expect(signed.searchParams.get('timestamp')).toBe('1764036000000');
    expect(signed.searchParams.get('sign')).toBe(dingtalkSign(secret, 1764036000000));
    // In the raw query, base64's + / = are percent-encoded.
    const rawSign = /[?&]sign=([^&]*)/.exec(signed.search)?.[1] ?? '';
    expect(rawSign).toBe(encodeURIComponent(dingtalkSign(secret, 1764036000000)));
    expect(rawSign).not.toMatch(/[+/=]/);
  });

  it('leaves an unsigned robot URL as it is', () => {
    expect(signedDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', undefined, new Date())).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc',
    );
  });
});

describe('robot answers', () => {
  it('accept errcode 0 only', () => {
    expect(robotRefusal('{"errcode":0,"errmsg":"ok"}')).toBeUndefined();
    expect(robotRefusal('{"errcode":310000,"errmsg":"sign not match"}')).toBe('robot refused: errcode 310000 sign not match');
    expect(robotRefusal('<html>')).toMatch(/other than JSON/);
  });
});

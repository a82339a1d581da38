import { describe, expect, it } from 'vitest';
import {
  channelKey,
  describeChannel,
  notificationChannelSchema,
  redactedChannels,
  webhookChannelSchema,
} from '#lib/notifications/channels.ts';
import { partnerSchema } from '#lib/partners/partner.ts';
import { testSecret } from './notification-fixtures.ts';

const valid = (input: unknown) => notificationChannelSchema.safeParse(input).success;

describe('notification channels', () => {
  it('accept https webhooks, and http only to this machine', () => {
    expect(valid({ type: 'webhook', url: 'https://partner.example.cn/hooks', secret: testSecret })).toBe(true);
    expect(valid({ type: 'webhook', url: 'http://127.0.0.1:3900/webhooks/a', secret: testSecret })).toBe(true);
    expect(valid({ type: 'webhook', url: 'http://localhost:3900/webhooks/a', secret: testSecret })).toBe(true);
    expect(valid({ type: 'webhook', url: 'http://partner.example.cn/hooks', secret: testSecret })).toBe(false);
    expect(valid({ type: 'webhook', url: 'ftp://127.0.0.1/hooks', secret: testSecret })).toBe(false);
  });

  it('refuse private, link-local and metadata address literals', () => {
    for (const host of ['10.0.0.8', '172.16.4.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '[fd00:ec2::254]', '[::ffff:10.0.0.1]']) {
      expect(valid({ type: 'webhook', url: `https://${host}/hooks`, secret: testSecret }), host).toBe(false);
    }
    expect(valid({ type: 'webhook', url: 'https://203.0.113.9/hooks', secret: testSecret })).toBe(true);
  });

  it('answer a text that is no URL with "Invalid URL" alone, never an exception (a 400, not a 500)', () => {
    for (const url of ['not a url', 'https://', 'http://[::1', 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc']) {
      for (const channel of [{ type: 'webhook', url, secret: testSecret }, { type: 'wecom', webhookUrl: url }, { type: 'dingtalk', webhookUrl: url }]) {
        const result = notificationChannelSchema.safeParse(channel);
        expect(result.success ? [] : result.error.issues.map((issue) => issue.message), `${channel.type} ${url}`).toEqual(['Invalid URL']);
      }
    }
  });

  it('take robots only on their official hosts', () => {
    expect(valid({ type: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com.evil.cn/cgi-bin/webhook/send?key=abc' })).toBe(false);
    expect(valid({ type: 'wecom', webhookUrl: 'http://127.0.0.1:3900/cgi-bin/webhook/send?key=abc' })).toBe(false);
    expect(valid({ type: 'dingtalk', webhookUrl: 'https://qyapi.weixin.qq.com/robot/send?access_token=abc' })).toBe(false);
  });

  it('want a Standard Webhooks secret: whsec_ and 24 to 64 bytes of base64', () => {
    const url = 'https://partner.example.cn/hooks';
    expect(valid({ type: 'webhook', url, secret: 'plain-secret' })).toBe(false);
    expect(valid({ type: 'webhook', url, secret: `whsec_${Buffer.alloc(16).toString('base64')}` })).toBe(false);
    expect(valid({ type: 'webhook', url, secret: `whsec_${Buffer.alloc(65).toString('base64')}` })).toBe(false);
    expect(valid({ type: 'webhook', url, secret: `whsec_${Buffer.alloc(64).toString('base64')}` })).toBe(true);
  });

  it('accept WeCom and DingTalk robots (signed or not), SMS to a mainland mobile and email', () => {
    expect(valid({ type: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' })).toBe(true);
    expect(valid({ type: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc' })).toBe(true);
    expect(
      valid({ type: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECabcdef0123456789' }),
    ).toBe(true);
    expect(valid({ type: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'abc' })).toBe(false);
    expect(notificationChannelSchema.parse({ type: 'sms', phone: '+86 138-0000-0006' })).toEqual({ type: 'sms', phone: '13800000006' });
    expect(valid({ type: 'sms', phone: '12345' })).toBe(false);
    expect(valid({ type: 'email', address: 'wu@example.cn' })).toBe(true);
    expect(valid({ type: 'pager', number: '1' })).toBe(false);
  });

  it('default to none on a partner', () => {
    const partner = partnerSchema.parse({
      id: 'p1',
      kind: 'individual',
      name: { zh: '吴师傅' },
      status: 'active',
      capabilities: [{ category: 'tailoring', skillLevel: 3 }],
      serviceArea: { communities: ['hehua'] },
      capacity: 1,
      priceMode: 'free',
      schedule: {},
      contact: { name: '吴师傅', phone: '13800000099' },
    });
    expect(partner.notificationChannels).toEqual([]);
  });

  it('have a stable key per target and are shown without secrets or URL credentials', () => {
    const webhook = webhookChannelSchema.parse({ type: 'webhook', url: 'https://partner.example.cn/hooks?token=t0p', secret: testSecret });
    const wecom = notificationChannelSchema.parse({
      type: 'wecom',
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key',
    });
    expect(channelKey(webhook)).toMatch(/^webhook-[0-9a-f]{12}$/);
    expect(channelKey(webhook)).toBe(channelKey({ ...webhook }));
    expect(channelKey(webhook)).not.toBe(channelKey({ ...webhook, url: 'https://partner.example.cn/other' }));
    const shown = JSON.stringify(
      redactedChannels([webhook, wecom, { type: 'sms', phone: '13800000006' }, { type: 'email', address: 'wu@example.cn' }]),
    );
    for (const secret of [testSecret, 't0p', 'robot-key', '13800000006', 'wu@example.cn']) expect(shown).not.toContain(secret);
    expect(describeChannel(wecom)).toBe('wecom https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***');
    expect(describeChannel({ type: 'sms', phone: '13800000006' })).toBe('sms 138****0006');
  });
});

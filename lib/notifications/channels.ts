/**
 * Where a partner wants to hear about offers, besides the in-app inbox every partner has. Part of the
 * partner's profile (partnerSchema.notificationChannels). Pure: no AWS import.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import * as z from 'zod/mini';
import { mainlandMobile } from '../common/contact-values.ts';
import { forbiddenAddress } from '../common/public-address.ts';

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * HTTPS, or plain HTTP to this machine only (a local listener in development and tests), and never
 * to a private or link-local address literal. Names are resolved and checked when the channel is
 * saved and again at each send (lib/delivery/outbound-guard.ts); loopback is refused there outside
 * the local runtime. Not a URL at all: that issue alone (`abort`), since the refinements parse it.
 */
export const deliveryUrl = z.url({ abort: true }).check(
  z.refine(
    (value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && localHosts.has(url.hostname));
    },
    { message: 'an https:// URL (http:// only for localhost or 127.0.0.1)' },
  ),
  z.refine(
    (value) => {
      const host = new URL(value).hostname.replace(/^\[|\]$/g, '');
      return isIP(host) === 0 || forbiddenAddress(host, true) === undefined;
    },
    { message: 'not a private, link-local or reserved address' },
  ),
);

/** A group robot's URL on its service's official host, over HTTPS. */
function robotUrl(host: string) {
  return deliveryUrl.check(
    z.refine((value) => {
      const url = new URL(value);
      return url.protocol === 'https:' && url.hostname === host && url.port === '';
    }, `a robot URL on https://${host}/`),
  );
}

/** Standard Webhooks symmetric secret: `whsec_` + base64 of 24 to 64 random bytes. */
export const standardWebhookSecret = z.string().check(
  z.regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'whsec_ followed by base64'),
  z.refine(
    (secret) => {
      const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
      return bytes >= 24 && bytes <= 64;
    },
    { message: 'the base64 part must decode to 24–64 bytes' },
  ),
);

export const webhookChannelSchema = z.object({ type: z.literal('webhook'), url: deliveryUrl, secret: standardWebhookSecret });
/** A 企业微信 group robot: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… */
export const wecomChannelSchema = z.object({ type: z.literal('wecom'), webhookUrl: robotUrl('qyapi.weixin.qq.com') });
/** A 钉钉 custom robot: https://oapi.dingtalk.com/robot/send?access_token=…, signed when it has a `SEC…` secret. */
export const dingtalkChannelSchema = z.object({
  type: z.literal('dingtalk'),
  webhookUrl: robotUrl('oapi.dingtalk.com'),
  secret: z.optional(z.string().check(z.regex(/^SEC[0-9A-Za-z]{8,128}$/, "the robot's signing secret, starting with SEC"))),
});
export const smsChannelSchema = z.object({ type: z.literal('sms'), phone: mainlandMobile });
export const emailChannelSchema = z.object({ type: z.literal('email'), address: z.email() });

export const notificationChannelSchema = z.discriminatedUnion('type', [
  webhookChannelSchema,
  wecomChannelSchema,
  dingtalkChannelSchema,
  smsChannelSchema,
  emailChannelSchema,
]);

export type NotificationChannel = z.output<typeof notificationChannelSchema>;
export type NotificationChannelInput = z.input<typeof notificationChannelSchema>;
export type ChannelType = NotificationChannel['type'];

function targetOf(channel: NotificationChannel): string {
  switch (channel.type) {
    case 'webhook':
      return channel.url;
    case 'wecom':
    case 'dingtalk':
      return channel.webhookUrl;
    case 'sms':
      return channel.phone;
    case 'email':
      return channel.address;
  }
}

/**
 * A stable key for a channel, independent of its position in the list, so a delivery log entry
 * stays with its channel when the partner adds or removes others. Hashed: URLs carry credentials.
 */
export function channelKey(channel: NotificationChannel): string {
  return `${channel.type}-${createHash('sha256').update(targetOf(channel)).digest('hex').slice(0, 12)}`;
}

/**
 * The channel as it may be shown or logged: secrets dropped, robot keys and access tokens in URLs
 * masked, phone and address partly hidden.
 */
export function describeChannel(channel: NotificationChannel): string {
  switch (channel.type) {
    case 'webhook':
      return `webhook ${maskQuery(channel.url)}`;
    case 'wecom':
      return `wecom ${maskQuery(channel.webhookUrl)}`;
    case 'dingtalk':
      return `dingtalk ${maskQuery(channel.webhookUrl)}${channel.secret ? ' (signed)' : ''}`;
    case 'sms':
      return `sms ${channel.phone.slice(0, 3)}****${channel.phone.slice(-4)}`;
    case 'email':
      return `email ${channel.address.replace(/^(.).*(@.*)$/, '$1***$2')}`;
  }
}

function maskQuery(value: string): string {
  const url = new URL(value);
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '***');
  return `${url.origin}${url.pathname}${url.search.replaceAll('%2A', '*')}`;
}

/** The channels with their secrets and URL credentials masked, for API responses that show a profile. */
export function redactedChannels(
  channels: readonly NotificationChannel[] = [],
): Array<{ type: ChannelType; key: string; description: string }> {
  return channels.map((channel) => ({ type: channel.type, key: channelKey(channel), description: describeChannel(channel) }));
}

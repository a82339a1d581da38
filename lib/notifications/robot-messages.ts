/**
 * The group-robot message formats of 企业微信 (WeCom) and 钉钉 (DingTalk), and DingTalk's signed URL.
 *
 * WeCom: POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… with
 *   `{ msgtype: 'markdown', markdown: { content } }`, content at most 4096 bytes of UTF-8.
 * DingTalk: POST https://oapi.dingtalk.com/robot/send?access_token=… with
 *   `{ msgtype: 'markdown', markdown: { title, text } }`; a robot with the 加签 security setting also
 *   needs `&timestamp=<ms>&sign=<urlencode(base64(HmacSHA256(key=secret, "<timestamp>\n<secret>")))>`,
 *   the timestamp within an hour of DingTalk's clock.
 * Both answer HTTP 200 with `{ errcode, errmsg }`; only errcode 0 means the message was accepted.
 */
import { createHmac } from 'node:crypto';
import type { OfferMessage } from './offer-message.ts';

const wecomMarkdownLimitBytes = 4096;

export interface WecomMarkdown {
  msgtype: 'markdown';
  markdown: { content: string };
}

export interface DingtalkMarkdown {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
}

/**
 * Group chats get the shareable lines only, with every character that markdown (or the robots' HTML
 * subset) would read as markup escaped: a resident or partner name cannot become a link or a heading.
 */
function markdownLines(message: OfferMessage): string[] {
  return message.shareableLines.map((line) => {
    const label = /^([^：]{1,6})：(.*)$/.exec(line);
    if (!label) return escapeMarkdown(line);
    const [, name = '', value = ''] = label;
    return name === '接单' && message.acceptUrl ? `[点此接单](${message.acceptUrl})` : `**${escapeMarkdown(name)}**：${escapeMarkdown(value)}`;
  });
}

const fullWidth: Record<string, string> = {
  '\\': '＼', '`': '｀', '*': '＊', '_': '＿', '[': '［', ']': '］', '(': '（', ')': '）', '#': '＃',
  '~': '～', '|': '｜', '!': '！', '<': '＜', '>': '＞', '&': '＆',
};

/**
 * Makes text inert in the robots' markdown and HTML subsets. The robots honour backslash escapes
 * unevenly, so markup characters become their full-width forms (natural in Chinese text), and a
 * scheme's `://` is broken so a bare URL does not autolink.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()#~|!<>&]/g, (character) => fullWidth[character] ?? character).replace(/:\/\//g, '：//');
}

export function wecomMarkdown(message: OfferMessage): WecomMarkdown {
  const content = [`### ${escapeMarkdown(message.title)}`, ...markdownLines(message)].join('\n');
  return { msgtype: 'markdown', markdown: { content: truncateUtf8(content, wecomMarkdownLimitBytes) } };
}

export function dingtalkMarkdown(message: OfferMessage): DingtalkMarkdown {
  // DingTalk's markdown joins single line breaks; a blank line separates paragraphs.
  return {
    msgtype: 'markdown',
    markdown: { title: message.title, text: [`### ${escapeMarkdown(message.title)}`, ...markdownLines(message)].join('\n\n') },
  };
}

/** base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`)), before URL encoding. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The robot's URL with `timestamp` and `sign` added (URLSearchParams percent-encodes `+`, `/`, `=`). */
export function signedDingtalkUrl(webhookUrl: string, secret: string | undefined, now: Date): string {
  if (!secret) return webhookUrl;
  const url = new URL(webhookUrl);
  const timestamp = now.getTime();
  url.searchParams.set('timestamp', String(timestamp));
  url.searchParams.set('sign', dingtalkSign(secret, timestamp));
  return url.toString();
}

/** Undefined when a robot accepted the message, else why not. */
export function robotRefusal(responseBody: string): string | undefined {
  try {
    const parsed = JSON.parse(responseBody) as { errcode?: unknown; errmsg?: unknown };
    if (parsed.errcode === 0) return undefined;
    return `robot refused: errcode ${String(parsed.errcode)} ${String(parsed.errmsg ?? '').slice(0, 100)}`.trim();
  } catch {
    // Not the robot's API answering: do not keep what the other side said.
    return 'robot answered something other than JSON';
  }
}

function truncateUtf8(text: string, limitBytes: number): string {
  if (Buffer.byteLength(text) <= limitBytes) return text;
  let kept = '';
  let bytes = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character);
    if (bytes + size > limitBytes - 3) break;
    kept += character;
    bytes += size;
  }
  return `${kept}…`;
}

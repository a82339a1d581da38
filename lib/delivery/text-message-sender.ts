/**
 * The text message sender of this process. The cloud stack chooses it with SMS_PROVIDER (`sns`;
 * `none` where the district has no SMS yet); the local runtime installs its outbox with
 * useTextMessageSender before any handler runs. A domestic provider is one more case here.
 */
import type { TextMessage, TextMessageSender } from '#lib/messaging/text-message.ts';
import { publishSms, snsEnabled } from './sns-publisher.ts';

const snsSender: TextMessageSender = {
  name: 'sns',
  send: (message: TextMessage) => publishSms(message.to, message.text),
};

const noSender: TextMessageSender = {
  name: 'none',
  send: async () => ({ ok: false, error: 'no SMS provider is configured for this district', retryable: false }),
};

let installed: TextMessageSender | undefined;

export function useTextMessageSender(sender: TextMessageSender | undefined): void {
  installed = sender;
}

export function textMessageSender(): TextMessageSender {
  if (installed) return installed;
  const provider = process.env.SMS_PROVIDER ?? (snsEnabled() ? 'sns' : 'none');
  if (provider === 'sns') return snsSender;
  return noSender;
}

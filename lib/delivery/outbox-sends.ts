/**
 * One send of an outbox item on its channel: a text through the district's text-message sender, a
 * partner's email through SNS to the district's email topic. A partner's channel that cannot be
 * used here is a skip with the reason (its delivery log says so); a resident's or operator's text
 * without a provider is a final failure, as the sender has always recorded it.
 */
import type { OutboxMessage } from '../messaging/text-outbox.ts';
import type { AttemptResult } from './attempt-result.ts';
import { emailTopicArn, publishEmail, snsEnabled } from './sns-publisher.ts';
import { textMessageSender } from './text-message-sender.ts';

export async function sendOutboxMessage(message: OutboxMessage): Promise<AttemptResult | { skip: string }> {
  if (message.channel === 'email') {
    if (!snsEnabled()) return { skip: 'no SNS locally' };
    const topicArn = emailTopicArn();
    if (!topicArn) return { skip: 'email needs EMAIL_TOPIC_ARN: an SNS topic the address is subscribed to' };
    return publishEmail(topicArn, { partnerId: message.subject, address: message.to, subject: message.title, text: message.text });
  }
  const sender = textMessageSender();
  if (message.delivery && sender.name === 'none') return { skip: 'no SMS provider in this district' };
  const { channel, delivery, ...text } = message;
  return sender.send(text);
}

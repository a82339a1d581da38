/**
 * SMS and email through Amazon SNS, used only when SNS_ENABLED=true (the cloud stack sets it for
 * the notification consumer; locally these channels are skipped).
 * - SMS: Publish straight to the phone number, transactional.
 * - Email: SNS cannot publish to an address, only to a topic. Publish goes to EMAIL_TOPIC_ARN with
 *   `partnerId` and `address` message attributes; each partner's address is subscribed to the topic
 *   with a filter policy on `address` (and has confirmed the subscription).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AttemptResult } from './attempt-result.ts';

let client: SNSClient | undefined;

function sns(): SNSClient {
  // One try per call: the delivery loop owns retries and their backoff.
  client ??= new SNSClient({ maxAttempts: 1 });
  return client;
}

export function snsEnabled(): boolean {
  return process.env.SNS_ENABLED === 'true';
}

export function emailTopicArn(): string | undefined {
  return process.env.EMAIL_TOPIC_ARN || undefined;
}

export async function publishSms(phone: string, text: string): Promise<AttemptResult> {
  return publish(
    new PublishCommand({
      PhoneNumber: `+86${phone}`,
      Message: text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    }),
  );
}

export async function publishEmail(
  topicArn: string,
  email: { partnerId: string; address: string; subject: string; text: string },
): Promise<AttemptResult> {
  return publish(
    new PublishCommand({
      TopicArn: topicArn,
      // SNS subjects: under 100 characters, no line breaks.
      Subject: [...email.subject.replace(/\s+/g, ' ')].slice(0, 99).join(''),
      Message: email.text,
      MessageAttributes: {
        partnerId: { DataType: 'String', StringValue: email.partnerId },
        address: { DataType: 'String', StringValue: email.address },
      },
    }),
  );
}

async function publish(command: PublishCommand): Promise<AttemptResult> {
  try {
    await sns().send(command);
    return { ok: true };
  } catch (error) {
    const fault = error as { name?: string; message?: string; $fault?: string; $retryable?: unknown };
    return {
      ok: false,
      error: `SNS ${fault.name ?? 'error'}: ${fault.message ?? String(error)}`,
      retryable: fault.$fault === 'server' || Boolean(fault.$retryable),
    };
  }
}

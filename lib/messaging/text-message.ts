/**
 * A text message (SMS) to a mainland mobile number, and the one interface every sender implements:
 * SNS in the global regions, a domestic SMS provider where SNS cannot send (the China regions),
 * the local outbox on one machine. Callers never know which one they have.
 */
import type { AttemptResult } from '#lib/delivery/attempt-result.ts';

export type TextMessagePurpose = 'signInCode' | 'phoneConfirmation' | 'residentUpdate' | 'partnerOffer' | 'operatorAlert';

export interface TextMessage {
  /** Mainland mobile number, 11 digits, without +86. */
  to: string;
  text: string;
  purpose: TextMessagePurpose;
  /** Stable for one logical message, so a retried send can be recognised (one need step, one code). */
  dedupeKey: string;
  /** The need or partner it is about, for the log; never personal data. */
  subject?: string;
}

export interface TextMessageSender {
  /** `sns`, `outbox`, a provider's name, or `none`. */
  readonly name: string;
  send(message: TextMessage): Promise<AttemptResult>;
}

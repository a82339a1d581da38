/**
 * The statuses each operator action may start from: the API refuses the others
 * (lib/needs/operator-actions.ts), and the operators' console offers only these
 * (web/src/desk/need-actions.ts). Pure data with no import, so that the browser code shares it;
 * operator-actions.ts holds the statuses to NeedStatus.
 */

export type OperatorActionFromStatus = 'assigned' | 'redispatched' | 'referred' | 'referralAnswered' | 'closed';

export const allowedFrom = {
  assigned: ['submitted', 'waiting', 'escalated', 'referred'],
  // From awaitingConfirmation: staff who reached the resident send the need on without the code.
  redispatched: ['waiting', 'escalated', 'referred', 'awaitingConfirmation'],
  referred: ['waiting', 'escalated'],
  referralAnswered: ['referred'],
  closed: ['submitted', 'offered', 'waiting', 'escalated', 'referred', 'awaitingConfirmation'],
} as const satisfies Record<OperatorActionFromStatus, readonly string[]>;

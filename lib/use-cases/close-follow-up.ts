/** An operator records the follow-up (回访) of a low rating; it leaves the queue and the need's timeline says who. */
import { now } from '../common/clock.ts';
import { Conflict, NotFound } from '../common/domain-errors.ts';
import { getNeed } from '../data/needs-repository.ts';
import { type FollowUp, getFollowUp, writeFollowUpClose } from '../data/ratings-repository.ts';
import { isNeedId } from '../needs/need.ts';
import { recordFollowUp, requestFingerprint } from '../needs/operator-actions.ts';
import { retryOnStaleWrite, StaleWrite } from './retry-on-stale-write.ts';
import type { OperatorRequest } from './operator-needs.ts';

export function closeFollowUp(request: OperatorRequest<{ outcome: string; note?: string | undefined }>): Promise<FollowUp> {
  const requestHash = requestFingerprint('followUpClosed', request.needId, request.body);
  return retryOnStaleWrite('closing the follow-up', async () => {
    const [followUp, need] = isNeedId(request.needId) ? await Promise.all([getFollowUp(request.needId), getNeed(request.needId)]) : [];
    if (!followUp || !need) throw new NotFound('follow-up');
    if (followUp.closed) {
      if (followUp.closed.requestHash === requestHash) return followUp;
      throw new Conflict('this follow-up is already closed', { closed: followUp.closed });
    }
    const at = now();
    const closed = { outcome: request.body.outcome, by: request.by, at: at.toISOString(), requestHash, ...(request.body.note ? { note: request.body.note } : {}) };
    const act = { action: 'followUpClosed' as const, by: request.by, requestHash, ...(request.body.note ? { note: request.body.note } : {}) };
    const outcome = await writeFollowUpClose(request.needId, closed, recordFollowUp(need, request.body.outcome, act, at), need.version);
    if (outcome !== 'written') throw new StaleWrite(`follow-up close: ${outcome}`);
    return { ...followUp, closed };
  });
}

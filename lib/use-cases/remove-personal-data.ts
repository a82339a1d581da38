/**
 * Removing residents' personal data: every need a set time after it ended (the scheduled sweep),
 * or one need at once when its resident asks (DELETE /needs/{id}/personal-data).
 */
import { Conflict } from '../common/domain-errors.ts';
import { needPartition, needsEndedBefore, writeWithoutPersonalData } from '../data/personal-data-repository.ts';
import type { Need } from '../needs/need.ts';
import { endedAt, type PrivacySettings, retentionCutoff, withoutPersonalData } from '../needs/personal-data.ts';

/** Needs cleared per run at most; the next run goes on where this one stopped. */
const maxPerRun = 200;
const pageSize = 25;

export async function removeDuePersonalData(now: Date, settings: PrivacySettings): Promise<{ removed: number; skipped: number }> {
  const cutoff = retentionCutoff(now, settings);
  let removed = 0;
  let skipped = 0;
  while (removed + skipped < maxPerRun) {
    const ids = await needsEndedBefore(cutoff, pageSize);
    const before = removed;
    for (const id of ids) {
      if (await removeIfEndedBefore(id, cutoff, now)) removed++;
      else skipped++;
    }
    // A page that cleared nothing would come back the same: stop rather than loop.
    if (ids.length < pageSize || removed === before) break;
  }
  return { removed, skipped };
}

async function removeIfEndedBefore(needId: string, cutoff: Date, now: Date): Promise<boolean> {
  const partition = await needPartition(needId);
  const need = partition.need;
  const ended = need && endedAt(need);
  if (!need || !ended || Date.parse(ended) > cutoff.getTime()) return false;
  return writeWithoutPersonalData(cleared(need, now), need.version, partition);
}

/** The resident's own request: once the need has ended (cancel it first while it is open). */
export async function removePersonalDataNow(need: Need, now: Date): Promise<Need> {
  if (need.personalDataRemovedAt) return need;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const partition = await needPartition(need.id);
    const current = partition.need ?? need;
    if (current.personalDataRemovedAt) return current;
    if (!endedAt(current)) {
      throw new Conflict('个人信息要等需求结束后才能删除：服务还没开始可以先取消需求，已经开始的等服务完成后再删除。', { status: current.status });
    }
    const next = cleared(current, now);
    if (await writeWithoutPersonalData(next, current.version, partition)) return next;
  }
  throw new Conflict('the need changed while its personal data was being removed; try again');
}

function cleared(need: Need, now: Date): Need {
  return { ...withoutPersonalData(need, now), version: need.version + 1, updatedAt: now.toISOString() };
}

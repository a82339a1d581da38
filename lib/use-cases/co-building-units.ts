/** Operators keep the list of co-building units (共驻共建单位): create, read, replace (by version), delete. */
import { randomUUID } from 'node:crypto';
import { now } from '../common/clock.ts';
import { Conflict, NotFound } from '../common/domain-errors.ts';
import { deleteUnit, getUnit, listUnits, putUnit } from '../data/units-repository.ts';
import type { CoBuildingUnit, UnitInput } from '../units/co-building-unit.ts';
import { StaleWrite } from './retry-on-stale-write.ts';

/** Units considered when suggesting who takes a public problem: a district has tens, not thousands. */
const suggestionPool = 100;

/**
 * A new unit. With an Idempotency-Key (hashed), the id derives from the key, so a retried create
 * finds the unit it made and answers it again; the same key with other fields is refused (409).
 */
export async function createUnit(input: UnitInput, idempotencyKeyHash?: string): Promise<{ unit: CoBuildingUnit; replayed: boolean }> {
  const at = now().toISOString();
  const id = idempotencyKeyHash ? `unit-${idempotencyKeyHash.slice(0, 32)}` : randomUUID();
  const unit: CoBuildingUnit = { ...input, id, version: 1, createdAt: at, updatedAt: at };
  try {
    await putUnit(unit);
    return { unit, replayed: false };
  } catch (error) {
    if (!(error instanceof StaleWrite) || !idempotencyKeyHash) throw error;
    const existing = await unitById(id);
    const same =
      existing.name === input.name &&
      existing.kind === input.kind &&
      existing.contact.name === input.contact.name &&
      existing.contact.phone === input.contact.phone &&
      [...existing.topics].sort().join() === [...input.topics].sort().join();
    if (!same) {
      throw new Conflict('this Idempotency-Key was already used for a different unit', { id });
    }
    return { unit: existing, replayed: true };
  }
}

/** Unit ids are ours (a UUID, `unit-<hash>` or a demo slug): anything else is no unit. */
const unitIdPattern = /^[A-Za-z0-9-]{1,64}$/;

export async function unitById(unitId: string): Promise<CoBuildingUnit> {
  const unit = unitIdPattern.test(unitId) ? await getUnit(unitId) : undefined;
  if (!unit) throw new NotFound('unit');
  return unit;
}

/** Replaces a unit's fields, based on the version the operator read: 409 with the current one otherwise. */
export async function replaceUnit(unitId: string, input: UnitInput, basedOnVersion: number): Promise<CoBuildingUnit> {
  const current = await unitById(unitId);
  if (current.version !== basedOnVersion) throw new Conflict('someone else changed this unit; read it again', { version: current.version });
  const next: CoBuildingUnit = { ...current, ...input, version: current.version + 1, updatedAt: now().toISOString() };
  try {
    await putUnit(next, current.version);
  } catch (error) {
    if (error instanceof StaleWrite) throw new Conflict('someone else changed this unit; read it again', { version: current.version + 1 });
    throw error;
  }
  return next;
}

/** Deleting twice answers as the first time did: the unit is gone either way. */
export async function removeUnit(unitId: string): Promise<void> {
  if (unitIdPattern.test(unitId)) await deleteUnit(unitId);
}

export function unitsPage(limit: number, start?: Record<string, unknown>) {
  return listUnits({ limit, ...(start ? { start } : {}) });
}

export async function unitsForSuggestions(): Promise<CoBuildingUnit[]> {
  return (await listUnits({ limit: suggestionPool })).units;
}

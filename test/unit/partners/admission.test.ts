import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { admissionMoves, canMoveAdmission, moveAdmission } from '#lib/partners/admission.ts';
import { admissionStatuses } from '#lib/partners/partner.ts';
import { record } from './partner-fixtures.ts';

const now = new Date('2026-03-05T02:00:00Z');

describe('admission moves', () => {
  it.each([
    ['applied', 'vetted'],
    ['vetted', 'active'],
    ['vetted', 'applied'],
    ['active', 'suspended'],
    ['suspended', 'active'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canMoveAdmission(from, to)).toBe(true);
  });

  it.each([
    ['applied', 'active'],
    ['applied', 'suspended'],
    ['vetted', 'suspended'],
    ['active', 'applied'],
    ['active', 'vetted'],
    ['suspended', 'vetted'],
    ['suspended', 'applied'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(canMoveAdmission(from, to)).toBe(false);
  });

  it('declares a move list for every status and never a move to the same status', () => {
    for (const status of admissionStatuses) expect(admissionMoves[status]).not.toContain(status);
    expect(Object.keys(admissionMoves).sort()).toEqual([...admissionStatuses].sort());
  });

  it('records who, when, from, to and why, and bumps the version', () => {
    const applied = record({ status: 'applied' });
    const vetted = moveAdmission(applied, { to: 'vetted', by: 'op-2', reason: '六级评估通过' }, now);
    expect(vetted?.partner.status).toBe('vetted');
    expect(vetted?.version).toBe(applied.version + 1);
    expect(vetted?.updatedBy).toBe('op-2');
    expect(vetted?.history).toEqual([
      ...applied.history,
      { at: '2026-03-05T02:00:00.000Z', by: 'op-2', from: 'applied', to: 'vetted', reason: '六级评估通过' },
    ]);
  });

  it('changes nothing when the partner already has the status', () => {
    expect(moveAdmission(record({ status: 'active' }), { to: 'active', by: 'op-1', reason: 'again' }, now)).toBeUndefined();
  });

  it('refuses a move the rules do not allow with a Conflict naming the current status and the allowed moves', () => {
    const attempt = () => moveAdmission(record({ status: 'applied' }), { to: 'active', by: 'op-1', reason: 'skip vetting' }, now);
    expect(attempt).toThrow(Conflict);
    expect(attempt).toThrow('a partner that is applied cannot become active');
    try {
      attempt();
    } catch (error) {
      expect((error as Conflict).current).toEqual({ status: 'applied', allowed: ['vetted'] });
    }
  });
});

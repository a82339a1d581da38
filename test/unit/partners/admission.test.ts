import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { admissionMoves, canMoveAdmission, leftActive, moveAdmission } from '#lib/partners/admission.ts';
import { revisePartner } from '#lib/partners/partner-record.ts';
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

// The roster import takes back a partner's work only for the write that took it out of `active`.
describe('leftActive', () => {
  const move = (from: Parameters<typeof record>[0], to: 'active' | 'suspended' | 'vetted' | 'applied') => {
    const moved = moveAdmission(record(from), { to, by: 'op-1', reason: '投诉' }, now);
    if (!moved) throw new Error('the move should change the record');
    return moved;
  };

  it('is true for the write that suspends an active partner', () => {
    expect(leftActive(move({ status: 'active' }, 'suspended'))).toBe(true);
  });

  it('is true again when a reinstated partner is suspended a second time', () => {
    const reinstated = moveAdmission(move({ status: 'active' }, 'suspended'), { to: 'active', by: 'op-1', reason: '整改完成' }, new Date('2026-03-06T02:00:00Z'));
    const again = reinstated && moveAdmission(reinstated, { to: 'suspended', by: 'op-1', reason: '再次投诉' }, new Date('2026-03-07T02:00:00Z'));
    expect(again?.history.map((event) => event.to)).toEqual(['active', 'suspended', 'active', 'suspended']);
    expect(again && leftActive(again)).toBe(true);
  });

  it('is false for moves that do not leave active: reinstating, vetting, sending back', () => {
    expect(leftActive(move({ status: 'suspended' }, 'active'))).toBe(false);
    expect(leftActive(move({ status: 'vetted' }, 'active'))).toBe(false);
    expect(leftActive(move({ status: 'vetted' }, 'applied'))).toBe(false);
    expect(leftActive(move({ status: 'applied' }, 'vetted'))).toBe(false);
  });

  it('is false for a partner registered suspended, which never worked', () => {
    expect(leftActive(record({ status: 'suspended' }))).toBe(false);
    expect(leftActive(record({ status: 'active' }))).toBe(false);
  });

  it('is false for a later edit of a partner suspended before (its work was taken back then)', () => {
    const suspended = move({ status: 'active' }, 'suspended');
    const edited = revisePartner(suspended, { ...suspended.partner, capacity: 5 }, 'import:op-2', new Date('2026-03-06T02:00:00Z'));
    expect(leftActive(edited)).toBe(false);
  });

  it('is false for a record with no history at all', () => {
    expect(leftActive({ ...record(), history: [] })).toBe(false);
  });
});

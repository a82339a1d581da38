import { describe, expect, it } from 'vitest';
import { InvalidInput } from '#lib/common/domain-errors.ts';
import { decodeCursor, encodeCursor } from '#lib/partners/list-cursor.ts';
import { mergePatch } from '#lib/partners/merge-patch.ts';
import { applyPartnerPatch, checkPartnerAgainstDistrict, parsePartnerCreate } from '#lib/partners/partner-edits.ts';
import { district, partner } from './partner-fixtures.ts';

function fieldsAtFault(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    if (error instanceof InvalidInput) return error.problems.map((problem) => problem.field);
    throw error;
  }
}

describe('mergePatch (RFC 7396)', () => {
  it('merges objects, replaces arrays and values, removes keys set to null', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, d: [1, 2], e: 'x' }, { a: { b: 3 }, d: [9], e: null })).toEqual({ a: { b: 3, c: 2 }, d: [9] });
  });

  it('ignores __proto__ keys', () => {
    const merged = mergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(merged.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('POST /partners body', () => {
  const { status: _status, id: _id, ...body } = partner();

  it('accepts a profile without id and status', () => {
    expect(parsePartnerCreate(body).contact.phone).toBe('13900000011');
  });

  it('refuses a status (admission sets it), unknown fields and a reserved id', () => {
    expect(fieldsAtFault(() => parsePartnerCreate({ ...body, status: 'active' }))).toEqual(['status']);
    expect(fieldsAtFault(() => parsePartnerCreate({ ...body, colour: 'red' }))).toEqual(['colour']);
    expect(fieldsAtFault(() => parsePartnerCreate({ ...body, id: 'me' }))).toEqual(['id']);
  });

  it('names nested fields at fault', () => {
    expect(fieldsAtFault(() => parsePartnerCreate({ ...body, contact: { name: '王', phone: '123' }, capacity: 0 })).sort()).toEqual([
      'capacity',
      'contact.phone',
    ]);
  });
});

describe('applyPartnerPatch', () => {
  it('applies a merge patch and keeps what it does not name', () => {
    const patched = applyPartnerPatch(partner(), { capacity: 5, contact: { name: '王师傅' }, name: { en: 'Master Wang' } });
    expect(patched.capacity).toBe(5);
    expect(patched.contact).toEqual({ name: '王师傅', phone: '13900000011' });
    expect(patched.name).toEqual({ zh: '王师傅', en: 'Master Wang' });
  });

  it('refuses id, status and history, unknown fields, and a result that is not a valid profile', () => {
    expect(fieldsAtFault(() => applyPartnerPatch(partner(), { id: 'other', status: 'suspended', history: [] })).sort()).toEqual([
      'history',
      'id',
      'status',
    ]);
    expect(fieldsAtFault(() => applyPartnerPatch(partner(), { colour: 'red' }))).toEqual(['colour']);
    expect(fieldsAtFault(() => applyPartnerPatch(partner(), { capabilities: [], kind: null }))).toEqual(['kind', 'capabilities']);
  });
});

describe('checkPartnerAgainstDistrict', () => {
  it('accepts a partner of known communities, grids and offered categories', () => {
    expect(checkPartnerAgainstDistrict(partner({ serviceArea: { communities: ['hehua'], grids: ['liuyin-1'] } }), district)).toEqual([]);
  });

  it('names unknown communities and grids, categories the district does not offer, duplicates and foreign slot categories', () => {
    const problems = checkPartnerAgainstDistrict(
      partner({
        serviceArea: { communities: ['mars'], grids: ['mars-1'] },
        capabilities: [
          { category: 'legalAdvice', skillLevel: 3 },
          { category: 'repairs', skillLevel: 3 },
          { category: 'repairs', skillLevel: 4 },
        ],
        schedule: { weekly: [{ day: 1, from: '09:00', to: '10:00', categories: ['haircut'] }] },
      }),
      district,
    );
    expect(problems.map((problem) => problem.field)).toEqual([
      'serviceArea.communities.0',
      'serviceArea.grids.0',
      'capabilities.0.category',
      'capabilities.2.category',
      'schedule.weekly.0.categories.0',
    ]);
  });

  it('wants some service area, and a base for a radius', () => {
    expect(checkPartnerAgainstDistrict(partner({ serviceArea: {} }), district).map((problem) => problem.field)).toEqual(['serviceArea']);
    expect(checkPartnerAgainstDistrict(partner({ serviceArea: { radiusKm: 2 } }), district).map((problem) => problem.field)).toEqual([
      'base',
    ]);
  });
});

describe('list cursor', () => {
  it('round-trips the start key for the same filters and refuses other filters or garbage', () => {
    const start = { pk: 'PARTNER#a', sk: 'PROFILE', gsi3pk: 'PARTNERS', gsi3sk: 'active#王#a' };
    const cursor = encodeCursor(start, 'active||');
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeCursor(cursor, 'active||')).toEqual(start);
    expect(fieldsAtFault(() => decodeCursor(cursor, 'vetted||'))).toEqual(['cursor']);
    expect(fieldsAtFault(() => decodeCursor('not-a-cursor', 'active||'))).toEqual(['cursor']);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidInput } from '#lib/common/domain-errors.ts';
import { parseInput } from '#lib/http/validate.ts';
import { checkAgainstDistrict, needSubmissionSchema } from '#lib/needs/need-submission.ts';
import { district, valid } from './need-fixtures.ts';

function fieldsAtFault(input: unknown): string[] {
  try {
    parseInput(needSubmissionSchema, input);
    return [];
  } catch (error) {
    if (error instanceof InvalidInput) return error.problems.map((problem) => problem.field);
    throw error;
  }
}

describe('needSubmissionSchema', () => {
  it('accepts a minimal need and fills defaults, normalising the phone', () => {
    const parsed = parseInput(needSubmissionSchema, valid);
    expect(parsed.urgency).toBe('normal');
    expect(parsed.specialGroups).toEqual([]);
    expect(parsed.contact.phone).toBe('13800138000');
  });

  it('accepts +86 phone numbers and removes duplicate special groups', () => {
    const parsed = parseInput(needSubmissionSchema, {
      ...valid,
      contact: { name: 'x', phone: '+8613912345678' },
      specialGroups: ['elderly80', 'elderly80'],
    });
    expect(parsed.contact.phone).toBe('13912345678');
    expect(parsed.specialGroups).toEqual(['elderly80']);
  });

  it.each([
    ['a landline', { ...valid, contact: { name: '王', phone: '0571-88888888' } }, 'contact.phone'],
    ['a too-short mobile', { ...valid, contact: { name: '王', phone: '1380013800' } }, 'contact.phone'],
    ['a description over 2000 characters', { ...valid, description: '水'.repeat(2001) }, 'description'],
    ['a blank description', { ...valid, description: '   ' }, 'description'],
    ['a number as category', { ...valid, category: 7 }, 'category'],
    ['an unknown urgency', { ...valid, urgency: 'asap' }, 'urgency'],
    ['an unknown special group', { ...valid, specialGroups: ['vip'] }, 'specialGroups.0'],
    ['a latitude out of range', { ...valid, location: { lat: 91, lng: 120 } }, 'location.lat'],
    ['a window ending before it starts', { ...valid, preferredWindow: { from: '2030-01-02T10:00:00+08:00', to: '2030-01-02T09:00:00+08:00' } }, 'preferredWindow.to'],
    ['a window without a time zone', { ...valid, preferredWindow: { from: '2030-01-02T10:00:00', to: '2030-01-02T11:00:00+08:00' } }, 'preferredWindow.from'],
    ['a window longer than 14 days', { ...valid, preferredWindow: { from: '2030-01-01T00:00:00+08:00', to: '2030-01-15T00:00:01+08:00' } }, 'preferredWindow.to'],
    ['a window to the year 9998', { ...valid, preferredWindow: { from: '2026-11-24T09:00:00+08:00', to: '9998-12-31T23:59:00+08:00' } }, 'preferredWindow.to'],
    ['a missing contact', { ...valid, contact: undefined }, 'contact'],
    ['an unknown field', { ...valid, extra: true }, 'extra'],
  ])('names the field at fault for %s', (_, input, field) => {
    expect(fieldsAtFault(input)).toContain(field);
  });
});

describe('checkAgainstDistrict', () => {
  const now = new Date('2026-11-23T00:00:00Z');

  it('finds nothing wrong with a need that fits the district', () => {
    expect(checkAgainstDistrict(parseInput(needSubmissionSchema, valid), district, now)).toEqual([]);
  });

  it('refuses unknown and disabled categories, unknown communities and foreign grids', () => {
    const problems = (input: object) =>
      checkAgainstDistrict(parseInput(needSubmissionSchema, { ...valid, ...input }), district, now).map((p) => p.field);
    expect(problems({ category: 'astrology' })).toEqual(['category']);
    expect(problems({ category: 'haircut' })).toEqual(['category']);
    expect(problems({ communityId: 'nowhere' })).toEqual(['communityId']);
    expect(problems({ gridId: 'liuyin-1' })).toEqual(['gridId']);
  });

  it('refuses a preferred window that has already ended', () => {
    const submission = parseInput(needSubmissionSchema, {
      ...valid,
      preferredWindow: { from: '2026-11-20T09:00:00+08:00', to: '2026-11-20T11:00:00+08:00' },
    });
    expect(checkAgainstDistrict(submission, district, now).map((p) => p.field)).toEqual(['preferredWindow.to']);
  });

  it('accepts a 14-day window starting within 30 days, and refuses one starting later', () => {
    const window = (from: string, to: string) =>
      checkAgainstDistrict(parseInput(needSubmissionSchema, { ...valid, preferredWindow: { from, to } }), district, now);
    expect(window('2026-12-22T00:00:00Z', '2027-01-05T00:00:00Z')).toEqual([]);
    expect(window('2026-12-23T00:00:01Z', '2026-12-24T00:00:00Z')).toEqual([
      expect.objectContaining({ field: 'preferredWindow.from', code: 'too_far_ahead' }),
    ]);
  });
});
